using System.Net;
using Platform.Kubernetes.Models;

namespace Platform.Kubernetes;

/// <summary>An API call failed; carries the server's <see cref="V1Status"/> and the HTTP status code.</summary>
public class KubernetesException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="statusCode">The HTTP status code.</param>
    /// <param name="status">The Status object (synthesised when the body was not one).</param>
    /// <param name="innerException">The underlying exception, if any.</param>
    public KubernetesException(HttpStatusCode statusCode, V1Status status, Exception? innerException = null)
        : base(FormatMessage(statusCode, status), innerException)
    {
        ArgumentNullException.ThrowIfNull(status);
        StatusCode = statusCode;
        Status = status;
    }

    /// <summary>Creates the exception with a message only.</summary>
    public KubernetesException()
        : this(HttpStatusCode.InternalServerError, new V1Status { Message = "Kubernetes API call failed." })
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">The message.</param>
    public KubernetesException(string message)
        : this(HttpStatusCode.InternalServerError, new V1Status { Message = message })
    {
    }

    /// <summary>Creates the exception with a message and an inner exception.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The inner exception.</param>
    public KubernetesException(string message, Exception innerException)
        : this(HttpStatusCode.InternalServerError, new V1Status { Message = message }, innerException)
    {
    }

    /// <summary>The HTTP status code of the response.</summary>
    public HttpStatusCode StatusCode { get; }

    /// <summary>The server's Status object: code, reason (<c>NotFound</c>, <c>Conflict</c>, ...), message.</summary>
    public V1Status Status { get; }

    /// <summary>The Status reason, e.g. <c>NotFound</c>, <c>Conflict</c>, <c>AlreadyExists</c>, <c>Gone</c>.</summary>
    public string? Reason => Status.Reason;

    private static string FormatMessage(HttpStatusCode statusCode, V1Status? status) =>
        $"Kubernetes API returned {(int)statusCode} {status?.Reason ?? statusCode.ToString()}: {status?.Message}";
}
