namespace Platform.Kubernetes.Models;

/// <summary>List metadata (<c>metadata</c> of a list response).</summary>
public sealed class ListMeta
{
    /// <summary>The resource version the list was read at; start a watch from here.</summary>
    public string? ResourceVersion { get; set; }

    /// <summary>The token to fetch the next page, or empty on the last page.</summary>
    public string? Continue { get; set; }

    /// <summary>How many items remain after this page, when the server knows.</summary>
    public long? RemainingItemCount { get; set; }
}
