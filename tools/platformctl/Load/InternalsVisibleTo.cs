using System.Runtime.CompilerServices;

// The load replay is tested against an in-process fake gateway in the AppHost tests.
[assembly: InternalsVisibleTo("Platform.AppHost.Tests")]
