namespace Platform.Operator.Metrics;

/// <summary>A metric could not be read; the message is shown in status, events and logs.</summary>
internal sealed class MetricUnavailableException : Exception
{
    public MetricUnavailableException()
    {
    }

    public MetricUnavailableException(string message)
        : base(message)
    {
    }

    public MetricUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
