namespace Platform.Hosting;

/// <summary>A resource could not be started: its command is missing, it exited, or it never became healthy.</summary>
public sealed class ResourceStartException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ResourceStartException()
    {
    }

    /// <summary>Creates the exception with a message a person can act on.</summary>
    public ResourceStartException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    public ResourceStartException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
