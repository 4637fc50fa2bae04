using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;

namespace Platform.Kubernetes.Testing;

public sealed partial class TestKubernetesApiServer
{
    private static readonly Regex DnsSubdomain = new("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$", RegexOptions.Compiled);

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        try
        {
            await HandleCoreAsync(context);
        }
        catch (Exception exception) when (exception is not OperationCanceledException && !context.Response.HasStarted)
        {
            // A bug in the test double should read as one, not as an empty 500.
            await WriteAsync(context, Failure(500, "InternalError", $"test API server failed: {exception}"));
        }
        finally
        {
            _requests.Enqueue(new RecordedRequest(
                request.Method,
                request.Path.Value ?? "/",
                request.QueryString.Value ?? string.Empty,
                request.ContentType,
                request.Headers.UserAgent.ToString(),
                context.Response.StatusCode));
        }
    }

    private async Task HandleCoreAsync(HttpContext context)
    {
        var request = context.Request;
        var method = request.Method;
        var path = request.Path.Value ?? "/";
        Fault? fault = null;
        lock (_lock)
        {
            if (_acceptedTokens.Count > 0)
            {
                var header = request.Headers.Authorization.ToString();
                var token = header.StartsWith("Bearer ", StringComparison.Ordinal) ? header["Bearer ".Length..] : null;
                if (token is null || !_acceptedTokens.Contains(token))
                {
                    fault = new Fault((_, _) => true, 401, 0, rawBody: null);
                }
            }

            fault ??= _faults.FirstOrDefault(f => f.Remaining > 0 && f.Predicate(method, path));
            if (fault is not null)
            {
                fault.Remaining--;
            }
        }

        if (fault is { StatusCode: 401 })
        {
            await WriteAsync(context, Failure(401, "Unauthorized", "Unauthorized"));
            return;
        }

        if (fault is not null)
        {
            if (fault.RawBody is not null)
            {
                context.Response.StatusCode = fault.StatusCode;
                context.Response.ContentType = "text/html";
                await context.Response.WriteAsync(fault.RawBody, context.RequestAborted);
                return;
            }

            await WriteAsync(context, Failure(fault.StatusCode, ReasonFor(fault.StatusCode), "injected fault"));
            return;
        }

        if (!TryRoute(path, out var route, out var routeError))
        {
            await WriteAsync(context, routeError);
            return;
        }

        var query = request.Query;
        if (route.Name is null && method == "GET" && query["watch"] is var watch && (watch == "true" || watch == "1"))
        {
            await WatchAsync(context, route);
            return;
        }

        JsonNode? body = null;
        if (method is "POST" or "PUT" or "PATCH")
        {
            try
            {
                body = await JsonNode.ParseAsync(request.Body, cancellationToken: context.RequestAborted);
            }
            catch (JsonException exception)
            {
                await WriteAsync(context, Failure(400, "BadRequest", $"the body is not valid JSON: {exception.Message}"));
                return;
            }
        }

        Result result;
        lock (_lock)
        {
            result = (method, route.Name, route.Subresource) switch
            {
                ("GET", null, _) => List(route, query),
                ("POST", null, _) => Create(route, body),
                ("GET", not null, null) => Get(route),
                ("PUT", not null, null) => Update(route, body, Mode.Main),
                ("PATCH", not null, null) => Patch(route, body, request.ContentType, Mode.Main),
                ("DELETE", not null, null) => Delete(route),
                ("GET", not null, "status") when route.Resource.HasStatus => Get(route),
                ("PUT", not null, "status") when route.Resource.HasStatus => Update(route, body, Mode.Status),
                ("PATCH", not null, "status") when route.Resource.HasStatus => Patch(route, body, request.ContentType, Mode.Status),
                ("GET", not null, "scale") when route.Resource.HasScale => GetScale(route),
                ("PUT", not null, "scale") when route.Resource.HasScale => Update(route, body, Mode.Scale),
                ("PATCH", not null, "scale") when route.Resource.HasScale => Patch(route, body, request.ContentType, Mode.Scale),
                (_, not null, not null) when route.Subresource is not ("status" or "scale") || method is "GET" or "PUT" or "PATCH" =>
                    Failure(404, "NotFound", "the server could not find the requested resource"),
                _ => Failure(405, "MethodNotAllowed", $"the server does not allow this method on the requested resource"),
            };
        }

        await WriteAsync(context, result);
    }

    private bool TryRoute(string path, out Route route, out Result error)
    {
        route = default;
        error = Failure(404, "NotFound", "the server could not find the requested resource");
        var segments = path.Trim('/').Split('/', StringSplitOptions.RemoveEmptyEntries).Select(Uri.UnescapeDataString).ToArray();
        string group;
        string version;
        ArraySegment<string> rest;
        if (segments.Length >= 3 && segments[0] == "api")
        {
            (group, version, rest) = (string.Empty, segments[1], segments[2..]);
        }
        else if (segments.Length >= 4 && segments[0] == "apis")
        {
            (group, version, rest) = (segments[1], segments[2], segments[3..]);
        }
        else
        {
            return false;
        }

        string? namespaceName = null;
        if (rest.Count >= 3 && rest[0] == "namespaces")
        {
            namespaceName = rest[1];
            rest = rest[2..];
        }

        if (rest.Count is 0 or > 3)
        {
            return false;
        }

        lock (_lock)
        {
            if (!_resources.TryGetValue($"{group}/{version}/{rest[0]}", out var resource) || (namespaceName is not null && !resource.Namespaced))
            {
                return false;
            }

            if (resource.Namespaced && namespaceName is null && rest.Count > 1)
            {
                return false;
            }

            route = new Route(resource, namespaceName, rest.Count > 1 ? rest[1] : null, rest.Count > 2 ? rest[2] : null);
            return true;
        }
    }

    private Result List(Route route, IQueryCollection query)
    {
        var fieldError = Selectors.ValidateFields(query["fieldSelector"]);
        if (fieldError is not null)
        {
            return Failure(400, "BadRequest", fieldError);
        }

        var listVersion = _resourceVersion;
        var after = string.Empty;
        string? continueToken = query["continue"];
        if (!string.IsNullOrEmpty(continueToken))
        {
            if (!TryDecodeContinue(continueToken, out listVersion, out after))
            {
                return Failure(400, "BadRequest", "invalid continue token");
            }

            if (listVersion < _compactedThrough)
            {
                return Failure(410, "Expired", "The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter.");
            }
        }
        else if (query["resourceVersionMatch"] == "Exact" && long.TryParse(query["resourceVersion"], out var exact) && exact < _compactedThrough)
        {
            return Failure(410, "Expired", $"too old resource version: {exact} ({_compactedThrough})");
        }

        var matching = Store(route.Resource)
            .Where(o => Visible(route, o.Value, query["labelSelector"], query["fieldSelector"]))
            .Where(o => string.CompareOrdinal(o.Key, after) > 0)
            .ToList();
        var limit = int.TryParse(query["limit"], CultureInfo.InvariantCulture, out var l) && l > 0 ? l : int.MaxValue;
        var page = matching.Take(limit).ToList();
        var metadata = new JsonObject { ["resourceVersion"] = listVersion.ToString(CultureInfo.InvariantCulture) };
        if (matching.Count > page.Count)
        {
            metadata["continue"] = EncodeContinue(listVersion, page[^1].Key);
            metadata["remainingItemCount"] = matching.Count - page.Count;
        }

        var items = new JsonArray([.. page.Select(o => (JsonNode)o.Value.DeepClone())]);
        return new Result(200, new JsonObject
        {
            ["kind"] = $"{route.Resource.Kind ?? "Object"}List",
            ["apiVersion"] = route.Resource.ApiVersion,
            ["metadata"] = metadata,
            ["items"] = items,
        });
    }

    private Result Get(Route route) =>
        TryFind(route, out var existing, out var notFound) ? new Result(200, existing.DeepClone()) : notFound;

    private Result Create(Route route, JsonNode? body)
    {
        if (body is not JsonObject value)
        {
            return Failure(400, "BadRequest", "the body must be a JSON object");
        }

        var metadata = value["metadata"] as JsonObject ?? [];
        value["metadata"] = metadata;
        var name = metadata["name"]?.GetValue<string>();
        if (string.IsNullOrEmpty(name) && metadata["generateName"]?.GetValue<string>() is { Length: > 0 } prefix)
        {
            name = prefix + Guid.NewGuid().ToString("N")[..5];
        }

        if (string.IsNullOrEmpty(name) || name.Length > 253 || !DnsSubdomain.IsMatch(name))
        {
            return Invalid(route, name ?? string.Empty, "metadata.name", "a lowercase RFC 1123 subdomain is required");
        }

        if (route.Resource.Namespaced)
        {
            var bodyNamespace = metadata["namespace"]?.GetValue<string>();
            if (route.Namespace is null || (bodyNamespace is not null && bodyNamespace != route.Namespace))
            {
                return Failure(400, "BadRequest", "the namespace of the provided object does not match the namespace sent on the request");
            }
        }

        var key = Key(route.Namespace, name);
        if (Store(route.Resource).ContainsKey(key))
        {
            return Failure(409, "AlreadyExists", $"{route.Resource.QualifiedName} \"{name}\" already exists", route, name);
        }

        if (ValidateReplicas(route, name, value) is { } invalid)
        {
            return invalid;
        }

        metadata["name"] = name;
        metadata.Remove("generateName");
        if (route.Resource.Namespaced)
        {
            metadata["namespace"] = route.Namespace;
        }

        metadata["uid"] = Guid.NewGuid().ToString();
        metadata["creationTimestamp"] = Now();
        metadata["generation"] = 1;
        value["apiVersion"] = route.Resource.ApiVersion;
        value["kind"] = route.Resource.Kind ?? value["kind"]?.GetValue<string>();

        // With a status subresource, status is written only through it.
        if (route.Resource.HasStatus)
        {
            value.Remove("status");
        }

        Commit(route.Resource, key, "ADDED", value);
        return new Result(201, value.DeepClone());
    }

    private Result Update(Route route, JsonNode? body, Mode mode)
    {
        if (body is not JsonObject value)
        {
            return Failure(400, "BadRequest", "the body must be a JSON object");
        }

        return Write(route, value, mode, preconditionFromBody: true);
    }

    private Result Patch(Route route, JsonNode? body, string? contentType, Mode mode)
    {
        if (!TryFind(route, out var existing, out var notFound))
        {
            return notFound;
        }

        var current = mode == Mode.Scale ? ScaleOf(route.Resource, existing) : existing;
        JsonNode? patched;
        var mediaType = contentType?.Split(';')[0].Trim();
        try
        {
            patched = mediaType switch
            {
                "application/merge-patch+json" => JsonPatchDocument.Merge(current, body),
                "application/json-patch+json" when body is JsonArray operations => JsonPatchDocument.Apply(current, operations),
                "application/json-patch+json" => throw new InvalidOperationException("a JSON patch must be an array of operations"),
                _ => null,
            };
        }
        catch (InvalidOperationException exception)
        {
            return Invalid(route, route.Name!, "patch", exception.Message);
        }

        if (patched is null)
        {
            return Failure(415, "UnsupportedMediaType", $"the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json");
        }

        if (patched is not JsonObject patchedObject)
        {
            return Failure(422, "Invalid", "the patch must produce an object");
        }

        // A resourceVersion in the patch is a precondition, as in Kubernetes.
        return Write(route, patchedObject, mode, preconditionFromBody: true);
    }

    private Result Write(Route route, JsonObject value, Mode mode, bool preconditionFromBody)
    {
        if (!TryFind(route, out var existing, out var notFound))
        {
            return notFound;
        }

        var name = route.Name!;
        var bodyName = value["metadata"]?["name"]?.GetValue<string>();
        if (bodyName is not null && bodyName != name)
        {
            return Failure(400, "BadRequest", $"the name of the object ({bodyName}) does not match the name on the URL ({name})");
        }

        var currentVersion = existing["metadata"]!["resourceVersion"]!.GetValue<string>();
        var requestedVersion = preconditionFromBody ? value["metadata"]?["resourceVersion"]?.GetValue<string>() : null;
        if (!string.IsNullOrEmpty(requestedVersion) && requestedVersion != currentVersion)
        {
            return Failure(
                409,
                "Conflict",
                $"Operation cannot be fulfilled on {route.Resource.QualifiedName} \"{name}\": the object has been modified; please apply your changes to the latest version and try again",
                route,
                name);
        }

        var updated = (JsonObject)existing.DeepClone();
        switch (mode)
        {
            case Mode.Main:
                updated = (JsonObject)value.DeepClone();
                var metadata = updated["metadata"] as JsonObject ?? [];
                updated["metadata"] = metadata;
                var old = existing["metadata"]!;
                foreach (var field in new[] { "name", "namespace", "uid", "creationTimestamp", "generation", "resourceVersion" })
                {
                    if (old[field] is { } kept)
                    {
                        metadata[field] = kept.DeepClone();
                    }
                    else
                    {
                        metadata.Remove(field);
                    }
                }

                updated["apiVersion"] = existing["apiVersion"]?.DeepClone();
                updated["kind"] = existing["kind"]?.DeepClone();

                // The main resource ignores status when a status subresource exists.
                if (route.Resource.HasStatus)
                {
                    updated["status"] = existing["status"]?.DeepClone();
                    if (updated["status"] is null)
                    {
                        updated.Remove("status");
                    }
                }

                if (ValidateReplicas(route, name, updated) is { } invalid)
                {
                    return invalid;
                }

                break;
            case Mode.Status:
                // The status subresource ignores everything but status.
                updated["status"] = value["status"]?.DeepClone();
                break;
            case Mode.Scale:
                var replicas = value["spec"]?["replicas"];
                if (replicas is null || replicas.GetValueKind() != JsonValueKind.Number || Number(replicas) < 0)
                {
                    return Invalid(route, name, "spec.replicas", "must be greater than or equal to 0");
                }

                var spec = updated["spec"] as JsonObject ?? [];
                updated["spec"] = spec;
                spec["replicas"] = Number(replicas);
                break;
            default:
                throw new InvalidOperationException($"Unknown mode {mode}.");
        }

        if (!JsonNode.DeepEquals(existing["spec"], updated["spec"]))
        {
            updated["metadata"]!["generation"] = (Number(existing["metadata"]!["generation"]) ?? 1) + 1;
        }

        // A no-op write leaves the object and its resourceVersion alone.
        if (!JsonNode.DeepEquals(existing, updated))
        {
            Commit(route.Resource, Key(route.Namespace, name), "MODIFIED", updated, previous: existing);
        }
        else
        {
            updated = existing;
        }

        return new Result(200, mode == Mode.Scale ? ScaleOf(route.Resource, updated) : updated.DeepClone());
    }

    private Result Delete(Route route)
    {
        if (!TryFind(route, out var existing, out var notFound))
        {
            return notFound;
        }

        var key = Key(route.Namespace, route.Name!);
        Store(route.Resource).Remove(key);
        var last = (JsonObject)existing.DeepClone();
        Commit(route.Resource, key, "DELETED", last, store: false);
        return new Result(200, new JsonObject
        {
            ["kind"] = "Status",
            ["apiVersion"] = "v1",
            ["status"] = "Success",
            ["details"] = new JsonObject
            {
                ["name"] = route.Name,
                ["group"] = route.Resource.Group,
                ["kind"] = route.Resource.Plural,
                ["uid"] = existing["metadata"]?["uid"]?.DeepClone(),
            },
        });
    }

    private Result GetScale(Route route) =>
        TryFind(route, out var existing, out var notFound) ? new Result(200, ScaleOf(route.Resource, existing)) : notFound;

    private static JsonObject ScaleOf(RegisteredResource resource, JsonObject value)
    {
        var metadata = value["metadata"]!;
        var matchLabels = value["spec"]?["selector"]?["matchLabels"] as JsonObject;
        var selector = matchLabels is null ? null : string.Join(',', matchLabels.Select(p => $"{p.Key}={p.Value}"));
        var status = new JsonObject { ["replicas"] = Number(value["status"]?["replicas"]) ?? 0 };
        if (selector is not null)
        {
            status["selector"] = selector;
        }

        return new JsonObject
        {
            ["kind"] = "Scale",
            ["apiVersion"] = "autoscaling/v1",
            ["metadata"] = new JsonObject
            {
                ["name"] = metadata["name"]?.DeepClone(),
                ["namespace"] = metadata["namespace"]?.DeepClone(),
                ["uid"] = metadata["uid"]?.DeepClone(),
                ["resourceVersion"] = metadata["resourceVersion"]?.DeepClone(),
                ["creationTimestamp"] = metadata["creationTimestamp"]?.DeepClone(),
            },
            ["spec"] = new JsonObject { ["replicas"] = Number(value["spec"]?["replicas"]) ?? 0 },
            ["status"] = status,
        };
    }

    private static Result? ValidateReplicas(Route route, string name, JsonObject value)
    {
        if (!route.Resource.HasScale || value["spec"]?["replicas"] is not { } replicas)
        {
            return null;
        }

        return replicas.GetValueKind() == JsonValueKind.Number && Number(replicas) >= 0
            ? null
            : Invalid(route, name, "spec.replicas", "must be greater than or equal to 0");
    }

    private void Commit(RegisteredResource resource, string key, string type, JsonObject value, bool store = true, JsonObject? previous = null)
    {
        _resourceVersion++;
        value["metadata"]!["resourceVersion"] = _resourceVersion.ToString(CultureInfo.InvariantCulture);
        if (store)
        {
            Store(resource)[key] = value;
        }

        var historyEvent = new HistoryEvent(_resourceVersion, resource.Key, type, (JsonObject)value.DeepClone(), (JsonObject?)previous?.DeepClone());
        _history.AddLast(historyEvent);
        while (_history.Count > HistoryLimit)
        {
            _compactedThrough = _history.First!.Value.ResourceVersion;
            _history.RemoveFirst();
        }

        foreach (var watcher in _watchers)
        {
            if (LineFor(watcher, historyEvent) is { } line)
            {
                watcher.Lines.Writer.TryWrite(line);
            }
        }

        if (type != "DELETED" && SimulateDeploymentController && resource.Group == "apps" && resource.Plural == "deployments")
        {
            RunDeploymentController(resource, key);
        }
    }

    // What a watcher sees of one change: like the API server, an object that starts or stops matching the watch's
    // selectors arrives as ADDED or DELETED.
    private static string? LineFor(Watcher watcher, HistoryEvent historyEvent)
    {
        if (watcher.ResourceKey != historyEvent.ResourceKey)
        {
            return null;
        }

        var now = MatchesObject(watcher, historyEvent.Object);
        var before = historyEvent.Previous is not null && MatchesObject(watcher, historyEvent.Previous);
        return historyEvent.Type switch
        {
            "MODIFIED" when now && before => EventLine("MODIFIED", historyEvent.Object),
            "MODIFIED" when now => EventLine("ADDED", historyEvent.Object),
            "MODIFIED" when before => EventLine("DELETED", historyEvent.Object),
            "MODIFIED" => null,
            _ => now ? EventLine(historyEvent.Type, historyEvent.Object) : null,
        };
    }

    private static bool MatchesObject(Watcher watcher, JsonObject value) =>
        (watcher.Namespace is null || watcher.Namespace == value["metadata"]?["namespace"]?.GetValue<string>())
        && Selectors.MatchesLabels(value, watcher.LabelSelector)
        && Selectors.MatchesFields(value, watcher.FieldSelector);

    // A stand-in for the deployment controller: every pod is at once created and ready, as a separate status write.
    private void RunDeploymentController(RegisteredResource resource, string key)
    {
        var current = Store(resource)[key];
        var desired = Number(current["spec"]?["replicas"]) ?? 1;
        var status = new JsonObject
        {
            ["observedGeneration"] = Number(current["metadata"]?["generation"]) ?? 1,
            ["replicas"] = desired,
            ["updatedReplicas"] = desired,
            ["readyReplicas"] = desired,
            ["availableReplicas"] = desired,
        };
        if (JsonNode.DeepEquals(current["status"], status))
        {
            return;
        }

        var next = (JsonObject)current.DeepClone();
        next["status"] = status;
        Commit(resource, key, "MODIFIED", next, store: true, previous: current);
    }

    private static bool Visible(Route route, JsonObject value, string? labelSelector, string? fieldSelector) =>
        (route.Namespace is null || route.Namespace == value["metadata"]?["namespace"]?.GetValue<string>())
        && Selectors.MatchesLabels(value, labelSelector)
        && Selectors.MatchesFields(value, fieldSelector);

    private static string EventLine(string type, JsonNode value) =>
        new JsonObject { ["type"] = type, ["object"] = value.DeepClone() }.ToJsonString() + "\n";

    private SortedDictionary<string, JsonObject> Store(RegisteredResource resource) => _objects[resource.Key];

    private bool TryFind(Route route, out JsonObject value, out Result notFound)
    {
        notFound = Failure(404, "NotFound", $"{route.Resource.QualifiedName} \"{route.Name}\" not found", route, route.Name);
        return Store(route.Resource).TryGetValue(Key(route.Namespace, route.Name!), out value!);
    }

    // Nodes built in code and nodes parsed from requests hold numbers differently; read both the same way.
    private static long? Number(JsonNode? node) =>
        node is null || node.GetValueKind() != JsonValueKind.Number ? null : long.Parse(node.ToJsonString(), CultureInfo.InvariantCulture);

    private static string Key(string? namespaceName, string name) => namespaceName is null ? name : $"{namespaceName}/{name}";

    private static string EncodeContinue(long resourceVersion, string lastKey) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes($"{resourceVersion}|{lastKey}"));

    private static bool TryDecodeContinue(string token, out long resourceVersion, out string lastKey)
    {
        resourceVersion = 0;
        lastKey = string.Empty;
        try
        {
            var text = Encoding.UTF8.GetString(Convert.FromBase64String(token));
            var bar = text.IndexOf('|', StringComparison.Ordinal);
            if (bar < 0 || !long.TryParse(text[..bar], CultureInfo.InvariantCulture, out resourceVersion))
            {
                return false;
            }

            lastKey = text[(bar + 1)..];
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    private static Result Invalid(Route route, string name, string field, string message) =>
        new(422, Status(422, "Invalid", $"{route.Resource.Kind ?? route.Resource.Plural} \"{name}\" is invalid: {field}: Invalid value: {message}", route, name, new JsonArray
        {
            new JsonObject { ["reason"] = "FieldValueInvalid", ["message"] = $"Invalid value: {message}", ["field"] = field },
        }));

    private static Result Failure(int code, string reason, string message, Route? route = null, string? name = null) =>
        new(code, Status(code, reason, message, route, name, causes: null));

    private static JsonObject Status(int code, string reason, string message, Route? route, string? name, JsonArray? causes)
    {
        var status = new JsonObject
        {
            ["kind"] = "Status",
            ["apiVersion"] = "v1",
            ["metadata"] = new JsonObject(),
            ["status"] = "Failure",
            ["message"] = message,
            ["reason"] = reason,
            ["code"] = code,
        };
        if (route is { } r)
        {
            var details = new JsonObject { ["name"] = name, ["group"] = r.Resource.Group, ["kind"] = r.Resource.Plural };
            if (causes is not null)
            {
                details["causes"] = causes;
            }

            status["details"] = details;
        }

        return status;
    }

    private static string ReasonFor(int code) => code switch
    {
        400 => "BadRequest",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "NotFound",
        409 => "Conflict",
        410 => "Expired",
        422 => "Invalid",
        429 => "TooManyRequests",
        503 => "ServiceUnavailable",
        504 => "Timeout",
        _ => "InternalError",
    };

    private static async Task WriteAsync(HttpContext context, Result result)
    {
        context.Response.StatusCode = result.StatusCode;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(result.Body.ToJsonString(), context.RequestAborted);
    }

    private enum Mode
    {
        Main,
        Status,
        Scale,
    }

    private readonly record struct Route(RegisteredResource Resource, string? Namespace, string? Name, string? Subresource);

    private readonly record struct Result(int StatusCode, JsonNode Body);
}
