using Platform.Gateway.Infrastructure;
using Platform.Jobs;
using Platform.Llm;

namespace Platform.Gateway.Apis;

/// <summary>Turns a finished, unsuccessful job into the error its waiting client gets.</summary>
internal static class JobErrors
{
    public static OpenAIErrorResult ToResult(JobInfo info)
    {
        if (info.Status == JobStatus.Cancelled)
        {
            return OpenAIErrors.JobFailed(LlmErrorCodes.Cancelled, "The request was cancelled.", deadLettered: false);
        }

        var last = info.Errors.Count > 0 ? info.Errors[^1] : null;
        return OpenAIErrors.JobFailed(last?.Code ?? LlmErrorCodes.ServerError, last?.Message ?? "The request failed.", info.Status == JobStatus.DeadLettered);
    }
}
