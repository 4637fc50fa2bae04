using Platform.Worker.Extensions;

// The LLM worker: configuration from appsettings, environment (Worker__*, Jobs__*, ConnectionStrings__redis) and
// the command line; serves only /health and /alive (--urls / ASPNETCORE_URLS; default a free loopback port).
var builder = WebApplication.CreateSlimBuilder(args);
if (string.IsNullOrEmpty(builder.Configuration["urls"]) && string.IsNullOrEmpty(builder.Configuration["ASPNETCORE_URLS"]))
{
    builder.WebHost.UseUrls("http://127.0.0.1:0");
}

builder.AddServiceDefaults();
builder.Services.AddLlmWorker();

var app = builder.Build();
app.MapDefaultEndpoints();
await app.RunAsync();

/// <summary>The worker's entry point (visible to in-process tests).</summary>
public partial class Program;
