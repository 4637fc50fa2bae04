// A bare minimal API answering every POST with a fixed JSON body the size of a small job or completion,
// built like the gateway (CreateSlimBuilder, Kestrel defaults): the reference the gateway's overhead is measured against.
var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.ClearProviders();

var app = builder.Build();

var body = """
    {"id":"job_0123456789abcdef0123456789abcdef","object":"job","status":"queued","model":"sim-small","created_at":1763740800,"attempts":0}
    """u8.ToArray();

app.MapGet("/health", () => Results.Text("Healthy"));
app.MapPost("/{**path}", async (HttpContext context) =>
{
    // Read the request body like any real endpoint would, then answer with the fixed body.
    var reader = context.Request.BodyReader;
    while (true)
    {
        var result = await reader.ReadAsync(context.RequestAborted);
        reader.AdvanceTo(result.Buffer.End);
        if (result.IsCompleted)
        {
            break;
        }
    }

    context.Response.StatusCode = StatusCodes.Status200OK;
    context.Response.ContentType = "application/json";
    context.Response.ContentLength = body.Length;
    await context.Response.Body.WriteAsync(body, context.RequestAborted);
});

app.Run();
