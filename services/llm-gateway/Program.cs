using Platform.Gateway.Extensions;

var builder = WebApplication.CreateSlimBuilder(args);

builder.AddServiceDefaults();
builder.AddGateway();

var app = builder.Build();

app.MapDefaultEndpoints();
app.MapGateway();

app.Run();

/// <summary>Entry point, visible to <c>WebApplicationFactory</c> in tests.</summary>
public partial class Program;
