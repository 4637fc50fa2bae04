using System.Collections;
using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Reflection;
using System.Text.Json.Serialization;

namespace Platform.Scaling.Policy;

/// <summary>
/// Validates a ScalePolicy and returns every problem with its field path. Field ranges come from the attributes
/// on the model (the same ones the CRD schema is generated from); rules across fields are checked here.
/// </summary>
public static class ScalePolicyValidator
{
    /// <summary>Returns every problem; an empty list means the policy is valid.</summary>
    public static IReadOnlyList<ValidationProblem> Validate(V1Alpha1ScalePolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        var problems = new List<ValidationProblem>();
        var expectedApiVersion = V1Alpha1ScalePolicy.Group + "/" + V1Alpha1ScalePolicy.Version;
        if (policy.ApiVersion != expectedApiVersion)
        {
            problems.Add(new("apiVersion", $"must be {expectedApiVersion}"));
        }

        if (policy.Kind != V1Alpha1ScalePolicy.KindName)
        {
            problems.Add(new("kind", $"must be {V1Alpha1ScalePolicy.KindName}"));
        }

        if (policy.Spec is null)
        {
            problems.Add(new("spec", "is required"));
            return problems;
        }

        ValidateAttributes(policy.Spec, "spec", problems);
        ValidateSpec(policy.Spec, problems);
        return problems;
    }

    /// <summary>Validates a spec alone (paths start at <c>spec</c>).</summary>
    public static IReadOnlyList<ValidationProblem> ValidateSpec(V1Alpha1ScalePolicy.PolicySpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var problems = new List<ValidationProblem>();
        ValidateAttributes(spec, "spec", problems);
        ValidateSpec(spec, problems);
        return problems;
    }

    private static void ValidateSpec(V1Alpha1ScalePolicy.PolicySpec spec, List<ValidationProblem> problems)
    {
        if (spec.MinReplicas == 0 && spec.ScaleToZero?.Enabled != true)
        {
            problems.Add(new("spec.minReplicas", "must be >= 1 unless scaleToZero.enabled is true"));
        }

        if (spec.MaxReplicas < spec.MinReplicas)
        {
            problems.Add(new("spec.maxReplicas", $"must be >= minReplicas ({spec.MinReplicas})"));
        }

        for (var i = 0; i < (spec.Metrics?.Count ?? 0); i++)
        {
            ValidateMetric(spec.Metrics![i], $"spec.metrics[{i}]", problems);
        }

        if (spec.Mode != ScaleMode.Reactive && spec.Prediction is null)
        {
            problems.Add(new("spec.prediction", $"is required when mode is {spec.Mode}"));
        }

        if (spec.Prediction is { } p)
        {
            if (p.SeasonPeriod is { } season)
            {
                var ratio = season.TotalSeconds / p.Step.TotalSeconds;
                if (ratio < 2 || Math.Abs(ratio - Math.Round(ratio)) > 1e-9)
                {
                    problems.Add(new("spec.prediction.seasonPeriod", $"must be a whole multiple (at least 2) of step ({p.Step})"));
                }
            }
            else if (p.Algorithm == ForecastAlgorithm.SeasonalNaive)
            {
                problems.Add(new("spec.prediction.seasonPeriod", "is required for SeasonalNaive"));
            }

            if (p.History.TotalSeconds < 2 * p.Step.TotalSeconds)
            {
                problems.Add(new("spec.prediction.history", $"must cover at least two steps ({p.Step})"));
            }
        }

        ValidateRules(spec.Behavior?.ScaleUp, "spec.behavior.scaleUp", problems);
        ValidateRules(spec.Behavior?.ScaleDown, "spec.behavior.scaleDown", problems);
    }

    private static void ValidateMetric(MetricSpec metric, string path, List<ValidationProblem> problems)
    {
        if (metric is null)
        {
            problems.Add(new(path, "is required"));
            return;
        }

        switch (metric.Type)
        {
            case MetricType.QueueBacklog when metric.Queue is null:
                problems.Add(new(path + ".queue", "is required for type QueueBacklog"));
                break;
            case MetricType.Otlp when metric.Otlp is null:
                problems.Add(new(path + ".otlp", "is required for type Otlp"));
                break;
            case MetricType.Prometheus when metric.Prometheus is null:
                problems.Add(new(path + ".prometheus", "is required for type Prometheus"));
                break;
        }

        if (metric.TargetPerReplica is { } perReplica && !(perReplica.Value > 0))
        {
            problems.Add(new(path + ".targetPerReplica", "must be > 0"));
        }

        if (metric.Target is { } target && !(target.Value > 0))
        {
            problems.Add(new(path + ".target", "must be > 0"));
        }

        if (metric.Target is not null && metric.TargetPerReplica is not null)
        {
            problems.Add(new(path + ".target", "set either target or targetPerReplica, not both"));
        }

        var needsTarget = metric.Type is MetricType.Otlp or MetricType.Prometheus
            ? metric.Target is null && metric.TargetPerReplica is null
            : metric.TargetPerReplica is null && metric.TargetWait is null && metric.Target is null;
        if (needsTarget)
        {
            problems.Add(new(path + ".target", metric.Type is MetricType.Otlp or MetricType.Prometheus
                ? "one of target or targetPerReplica is required"
                : "one of targetPerReplica or targetWait is required"));
        }

        if (metric.TargetWait is not null && metric.Type is MetricType.Otlp or MetricType.Prometheus)
        {
            problems.Add(new(path + ".targetWait", "applies only to QueueBacklog and ArrivalRate"));
        }

        if (metric.Prometheus is { Address: { Length: > 0 } address }
            && (!Uri.TryCreate(address, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")))
        {
            problems.Add(new(path + ".prometheus.address", "must be an absolute http or https URL"));
        }
    }

    private static void ValidateRules(ScalingRules? rules, string path, List<ValidationProblem> problems)
    {
        if (rules?.Policies is { Count: 0 } && rules.SelectPolicy != SelectPolicy.Disabled)
        {
            problems.Add(new(path + ".policies", "must not be empty unless selectPolicy is Disabled (omit it for HPA's defaults)"));
        }
    }

    private static void ValidateAttributes(object target, string path, List<ValidationProblem> problems)
    {
        foreach (var property in target.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            var name = property.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name;
            if (name is null || property.GetIndexParameters().Length > 0)
            {
                continue;
            }

            var fieldPath = path + "." + name;
            var value = property.GetValue(target);
            if (property.GetCustomAttribute<RequiredAttribute>() is not null
                && (value is null || value is string { Length: 0 } || (value is ICollection { Count: 0 } && property.GetCustomAttribute<MinLengthAttribute>() is null)))
            {
                problems.Add(new(fieldPath, "is required"));
                continue;
            }

            if (value is null)
            {
                continue;
            }

            CheckRange(property, value, fieldPath, problems);
            if (property.GetCustomAttribute<MinLengthAttribute>() is { } minLength && value is ICollection collection && collection.Count < minLength.Length)
            {
                problems.Add(new(fieldPath, $"must have at least {minLength.Length} item(s)"));
            }

            if (property.GetCustomAttribute<AllowedValuesAttribute>() is { } allowed && !allowed.Values.Contains(value))
            {
                problems.Add(new(fieldPath, "must be one of " + string.Join(", ", allowed.Values)));
            }

            if (value is IList list)
            {
                for (var i = 0; i < list.Count; i++)
                {
                    if (list[i] is { } item && IsModelType(item.GetType()))
                    {
                        ValidateAttributes(item, $"{fieldPath}[{i}]", problems);
                    }
                }
            }
            else if (IsModelType(value.GetType()))
            {
                ValidateAttributes(value, fieldPath, problems);
            }
        }
    }

    private static void CheckRange(PropertyInfo property, object value, string path, List<ValidationProblem> problems)
    {
        if (property.GetCustomAttribute<RangeAttribute>() is { } range && value is int or double or long)
        {
            var number = Convert.ToDouble(value, CultureInfo.InvariantCulture);
            var min = Convert.ToDouble(range.Minimum, CultureInfo.InvariantCulture);
            var max = Convert.ToDouble(range.Maximum, CultureInfo.InvariantCulture);
            if (double.IsNaN(number) || number < min || number > max)
            {
                problems.Add(new(path, number < min && max >= int.MaxValue
                    ? $"must be >= {range.Minimum}"
                    : $"must be between {range.Minimum} and {range.Maximum}"));
            }
        }

        if (property.GetCustomAttribute<DurationRangeAttribute>() is { } durationRange && value is Duration duration)
        {
            if (duration < Duration.Parse(durationRange.Minimum) || duration > Duration.Parse(durationRange.Maximum))
            {
                problems.Add(new(path, $"must be between {durationRange.Minimum} and {durationRange.Maximum}"));
            }
        }
    }

    private static bool IsModelType(Type type) =>
        type.IsClass && type != typeof(string) && type.Namespace == typeof(ScalePolicyValidator).Namespace;
}
