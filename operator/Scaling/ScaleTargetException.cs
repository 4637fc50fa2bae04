namespace Platform.Operator.Scaling;

/// <summary>Reading or scaling a target failed; the message is shown in status, events and logs.</summary>
internal sealed class ScaleTargetException : Exception
{
    public ScaleTargetException()
    {
    }

    public ScaleTargetException(string message)
        : base(message)
    {
    }

    public ScaleTargetException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
