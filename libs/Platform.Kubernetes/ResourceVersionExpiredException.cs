using System.Net;
using Platform.Kubernetes.Models;

namespace Platform.Kubernetes;

/// <summary>
/// 410 Gone: the requested resourceVersion is older than the server's history (a watch or a continue token
/// expired). Informers answer it with a fresh list.
/// </summary>
public sealed class ResourceVersionExpiredException : KubernetesException
{
    /// <summary>Creates the exception from the server's Status.</summary>
    /// <param name="status">The Status object.</param>
    public ResourceVersionExpiredException(V1Status status)
        : base(HttpStatusCode.Gone, status)
    {
    }

    /// <summary>Creates the exception with a default status.</summary>
    public ResourceVersionExpiredException()
        : this(new V1Status { Code = 410, Reason = "Gone", Message = "resourceVersion too old" })
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">The message.</param>
    public ResourceVersionExpiredException(string message)
        : this(new V1Status { Code = 410, Reason = "Gone", Message = message })
    {
    }

    /// <summary>Creates the exception with a message and inner exception.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The inner exception.</param>
    public ResourceVersionExpiredException(string message, Exception innerException)
        : base(HttpStatusCode.Gone, new V1Status { Code = 410, Reason = "Gone", Message = message }, innerException)
    {
    }
}
