namespace Platform.Operator.Tests.Infrastructure;

/// <summary>Finds the repository root (the directory holding Platform.sln) from the test's output directory.</summary>
internal static class RepositoryRoot
{
    public static string Path
    {
        get
        {
            var directory = new DirectoryInfo(AppContext.BaseDirectory);
            while (directory is not null && !File.Exists(System.IO.Path.Combine(directory.FullName, "Platform.sln")))
            {
                directory = directory.Parent;
            }

            return directory?.FullName ?? throw new InvalidOperationException("Platform.sln not found above " + AppContext.BaseDirectory);
        }
    }
}
