using Platform.Operator.Crd;
using Platform.Operator.Extensions;

// The ScalePolicy operator. `crd` prints the CustomResourceDefinition; no verb runs cluster mode (kubeconfig or
// in-cluster, leader election, all namespaces or --namespace NS); `--local DIR --scale-target URL` runs local mode.
if (args is ["crd", ..])
{
    Console.Out.Write(CrdGenerator.Generate());
    return 0;
}

var app = OperatorApplication.Create(args);
await app.RunAsync();
return 0;

/// <summary>The operator's entry point (visible to in-process tests).</summary>
public partial class Program;
