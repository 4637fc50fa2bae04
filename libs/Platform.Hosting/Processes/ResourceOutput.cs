namespace Platform.Hosting.Processes;

/// <summary>Writes resource output lines as <c>[prefix] line</c>, one whole line at a time.</summary>
internal sealed class ResourceOutput(TextWriter writer)
{
    private readonly Lock _gate = new();

    public void WriteLine(string prefix, string line)
    {
        lock (_gate)
        {
            writer.Write('[');
            writer.Write(prefix);
            writer.Write("] ");
            writer.WriteLine(line);
            writer.Flush();
        }
    }
}
