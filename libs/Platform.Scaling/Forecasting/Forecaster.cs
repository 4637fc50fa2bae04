using Platform.Scaling.Decisions;
using Platform.Scaling.Policy;

namespace Platform.Scaling.Forecasting;

/// <summary>
/// Pure arrival-rate forecasting: samples are averaged into <c>step</c> buckets; when a bucket closes the model
/// is updated and the peak forecast over the horizon is recomputed. Holt-Winters (additive, optional season),
/// linear trend (least squares over the history) and seasonal naive.
/// </summary>
public static class Forecaster
{
    private const double ErrorSmoothing = 0.2;

    /// <summary>Takes in the samples of <paramref name="window"/> newer than the state has seen.</summary>
    public static ForecastState Ingest(ForecastState state, PredictionSpec spec, MetricWindow window)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(window);
        var stepSeconds = spec.Step.TotalSeconds;
        var samples = window.Samples;
        var first = samples.Count;
        while (first > 0 && (state.LastSampleTime is not { } last || samples[first - 1].Timestamp > last))
        {
            first--;
        }

        for (var i = first; i < samples.Count; i++)
        {
            var sample = samples[i];
            if (sample.Value is not { } value)
            {
                continue;
            }

            var bucket = (long)Math.Floor(sample.Timestamp.ToUnixTimeMilliseconds() / 1000.0 / stepSeconds);
            if (state.OpenBucket is { } open && bucket > open)
            {
                state = Close(state, spec, bucket);
            }
            else if (state.OpenBucket is { } current && bucket < current)
            {
                continue;
            }

            state = state with
            {
                OpenBucket = bucket,
                OpenSum = state.OpenSum + value,
                OpenCount = state.OpenCount + 1,
                LastSampleTime = sample.Timestamp,
            };
        }

        return state;
    }

    /// <summary>The current forecast, or null until at least two buckets have closed.</summary>
    public static Forecast? Predict(ForecastState state, PredictionSpec spec)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(spec);
        if (state.ClosedCount < 2)
        {
            return null;
        }

        return new Forecast
        {
            Algorithm = spec.Algorithm,
            Horizon = spec.Horizon.Value,
            PeakRate = state.PeakRate,
            UpperBound = (state.PeakRate * (1 + spec.Margin)) + state.MeanAbsoluteError,
            MeanAbsoluteError = state.MeanAbsoluteError,
            Observations = state.History.Count,
        };
    }

    /// <summary>Forecasts of the next <paramref name="steps"/> buckets after the last closed one (for tests and reports).</summary>
    public static IReadOnlyList<double> ForecastSteps(ForecastState state, PredictionSpec spec, int steps)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(spec);
        var result = new double[steps];
        for (var h = 1; h <= steps; h++)
        {
            result[h - 1] = Math.Max(0, PointForecast(state, spec, h));
        }

        return result;
    }

    internal static int HorizonSteps(PredictionSpec spec) =>
        Math.Max(1, (int)Math.Ceiling(spec.Horizon.TotalSeconds / spec.Step.TotalSeconds - 1e-9));

    internal static int SeasonSteps(PredictionSpec spec) =>
        spec.SeasonPeriod is { } season ? Math.Max(0, (int)Math.Round(season.TotalSeconds / spec.Step.TotalSeconds)) : 0;

    private static ForecastState Close(ForecastState state, PredictionSpec spec, long nextBucket)
    {
        var observed = state.OpenSum / state.OpenCount;
        var closedBucket = state.OpenBucket!.Value;

        // A gap in the samples is not an idle period: carry the last mean forward over missing buckets.
        for (var bucket = closedBucket; bucket < nextBucket; bucket++)
        {
            state = Update(state, spec, bucket, observed);
            if (nextBucket - bucket > 1000)
            {
                break;
            }
        }

        return state with { OpenBucket = null, OpenSum = 0, OpenCount = 0 };
    }

    private static ForecastState Update(ForecastState state, PredictionSpec spec, long bucket, double y)
    {
        var seasonSteps = SeasonSteps(spec);
        var horizon = HorizonSteps(spec);

        // Error of the horizon-ahead forecast made for this bucket, if one is pending.
        var mae = state.MeanAbsoluteError;
        var errorCount = state.ErrorCount;
        var pending = new List<KeyValuePair<long, double>>(state.Pending.Count + 1);
        foreach (var entry in state.Pending)
        {
            if (entry.Key == bucket)
            {
                var error = Math.Abs(y - entry.Value);
                mae = errorCount == 0 ? error : mae + (ErrorSmoothing * (error - mae));
                errorCount++;
            }
            else if (entry.Key > bucket)
            {
                pending.Add(entry);
            }
        }

        // History bounded by the configured history, and long enough for one season plus the horizon.
        var keep = Math.Max((int)Math.Ceiling(spec.History.TotalSeconds / spec.Step.TotalSeconds), seasonSteps + horizon + 1);
        var history = new double[Math.Min(keep, state.History.Count + 1)];
        var skip = state.History.Count + 1 - history.Length;
        for (var i = 0; i < history.Length - 1; i++)
        {
            history[i] = state.History[i + skip];
        }

        history[^1] = y;

        double level = state.Level, trend = state.Trend;
        var season = state.Season;
        if (spec.Algorithm == ForecastAlgorithm.HoltWinters)
        {
            if (state.ClosedCount == 0)
            {
                level = y;
                trend = 0;
                season = seasonSteps > 0 ? new double[seasonSteps] : [];
            }
            else
            {
                var seasonal = seasonSteps > 0 ? season[(int)(state.ClosedCount % seasonSteps)] : 0;
                var newLevel = (spec.Alpha * (y - seasonal)) + ((1 - spec.Alpha) * (level + trend));
                trend = (spec.Beta * (newLevel - level)) + ((1 - spec.Beta) * trend);
                level = newLevel;
                if (seasonSteps > 0)
                {
                    var updated = season.ToArray();
                    var index = (int)(state.ClosedCount % seasonSteps);
                    updated[index] = (spec.Gamma * (y - level)) + ((1 - spec.Gamma) * seasonal);
                    season = updated;
                }
            }
        }

        var next = state with
        {
            History = history,
            ClosedCount = state.ClosedCount + 1,
            Level = level,
            Trend = trend,
            Season = season,
            MeanAbsoluteError = mae,
            ErrorCount = errorCount,
        };

        double peak = 0;
        for (var h = 1; h <= horizon; h++)
        {
            peak = Math.Max(peak, PointForecast(next, spec, h));
        }

        pending.Add(new KeyValuePair<long, double>(bucket + horizon, Math.Max(0, PointForecast(next, spec, horizon))));
        return next with { Pending = pending, PeakRate = peak };
    }

    /// <summary>Forecast for the bucket <paramref name="h"/> steps after the last closed one.</summary>
    private static double PointForecast(ForecastState state, PredictionSpec spec, int h)
    {
        var history = state.History;
        if (history.Count == 0)
        {
            return 0;
        }

        var seasonSteps = SeasonSteps(spec);
        switch (spec.Algorithm)
        {
            case ForecastAlgorithm.HoltWinters:
            {
                var seasonal = seasonSteps > 0 && state.Season.Count == seasonSteps
                    ? state.Season[(int)((state.ClosedCount - 1 + h) % seasonSteps)]
                    : 0;
                return state.Level + (h * state.Trend) + seasonal;
            }

            case ForecastAlgorithm.SeasonalNaive:
            {
                var back = seasonSteps - h;
                if (seasonSteps > 0 && back >= 0 && history.Count - 1 - back >= 0)
                {
                    return history[history.Count - 1 - back];
                }

                return history[^1];
            }

            default:
            {
                var n = Math.Min(history.Count, Math.Max(2, (int)Math.Ceiling(spec.History.TotalSeconds / spec.Step.TotalSeconds)));
                var start = history.Count - n;
                double sx = 0, sy = 0, sxx = 0, sxy = 0;
                for (var i = 0; i < n; i++)
                {
                    var v = history[start + i];
                    sx += i;
                    sy += v;
                    sxx += (double)i * i;
                    sxy += i * v;
                }

                var denominator = (n * sxx) - (sx * sx);
                var slope = denominator == 0 ? 0 : ((n * sxy) - (sx * sy)) / denominator;
                var intercept = (sy - (slope * sx)) / n;
                return intercept + (slope * (n - 1 + h));
            }
        }
    }
}
