using System.CommandLine;
using Platform.Cli.Commands;

var root = new RootCommand("platformctl: tools for the LLM platform.")
{
    SimulateCommand.Create(),
    LoadCommand.Create(),
};

return await root.Parse(args).InvokeAsync();
