using Platform.Redis;

namespace Platform.Jobs;

/// <summary>
/// The queue's Lua scripts. Every state change of a job is one script, so that a job's hash, its stream
/// entry, the retry schedule and the counters never disagree, whichever process dies between two calls.
/// Time comes from the server (<c>TIME</c>), so every replica of every service agrees on it. Scripts touch
/// keys they derive from the prefix, so the queue needs a standalone Redis (or all keys in one slot).
/// </summary>
internal static class JobScripts
{
    // Raw string literals end without a newline: pieces are joined with one so no statement runs into the next.
    private static string Lua(params string[] parts) => string.Join('\n', parts);

    private const string Now = """
        local t = redis.call('TIME')
        local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
        """;

    // Finishing writes status, time, counter, expiry and notifications the same way everywhere: the status to the
    // job's own channel (stream readers), and the job's id to the queue's completion channel, which every
    // completion waiter of a JobQueue shares. Both names derive from keys the callers already pass
    // (stats = {prefix}:stats, job = {prefix}:job:{id}), so no caller changes.
    private const string Finish = """
        local function finish(job, status, counter, stats, ttl, channel, now, extra)
          local fields = {'status', status, 'finished_at', now}
          if extra then for _, v in ipairs(extra) do table.insert(fields, v) end end
          redis.call('HSET', job, unpack(fields))
          redis.call('HINCRBY', stats, counter, 1)
          redis.call('PEXPIRE', job, ttl)
          redis.call('PUBLISH', channel, status)
          local prefix = string.sub(stats, 1, #stats - 6)
          redis.call('PUBLISH', prefix .. ':completed', string.sub(job, #prefix + 6))
        end
        """;

    private const string DeadLetter = """
        local function dead_letter(dead, maxlen, job, id, attempts, errors, tenant, model)
          redis.call('XADD', dead, 'MAXLEN', '~', maxlen, '*', 'job', id, 'attempts', attempts,
            'tenant', tenant or '', 'model', model or '', 'errors', errors)
        end
        """;

    /// <summary>
    /// KEYS: job hash, stream, stats, idempotency key. ARGV: id, payload, priority, tenant, traceparent,
    /// max attempts, payload hash, idempotency ttl ms, model, use idempotency (1/0).
    /// Returns {outcome, job id}.
    /// </summary>
    public static readonly LuaScript Enqueue = new(Lua(Now, """

        if ARGV[10] == '1' then
          local existing = redis.call('GET', KEYS[4])
          if existing then
            local sep = string.find(existing, '|', 1, true)
            local id = string.sub(existing, 1, sep - 1)
            if string.sub(existing, sep + 1) == ARGV[7] then return {'existing', id} end
            return {'conflict', id}
          end
        end
        if redis.call('EXISTS', KEYS[1]) == 1 then return {'duplicate', ARGV[1]} end
        local entry = redis.call('XADD', KEYS[2], '*', 'job', ARGV[1])
        redis.call('HSET', KEYS[1], 'id', ARGV[1], 'status', 'queued', 'payload', ARGV[2], 'priority', ARGV[3],
          'tenant', ARGV[4], 'traceparent', ARGV[5], 'max_attempts', ARGV[6], 'attempts', 0,
          'created_at', now, 'enqueued_at', now, 'entry', entry, 'model', ARGV[9])
        redis.call('HINCRBY', KEYS[3], 'added', 1)
        if ARGV[10] == '1' then
          redis.call('SET', KEYS[4], ARGV[1] .. '|' .. ARGV[7], 'PX', ARGV[8])
        end
        return {'created', ARGV[1], now}
        """));

    // Turns one delivered entry into a running attempt, or disposes of it. Shared by the batch scripts below, so a
    // read of many entries costs one round trip. Returns nil for an entry this queue did not write (acknowledged so
    // it does not come back), {'skip', reason, job id, entry} for a delivery disposed of, or {'run', entry, attempts,
    // max, now, id, payload, priority, tenant, model, traceparent, created, enqueued} for a started attempt.
    private const string StartEntry = """
        local function start_entry(prefix, stream, stats, dead, group, consumer, dlmax, ttl, entry, id)
          if not id or id == '' then
            redis.call('XACK', stream, group, entry)
            return nil
          end
          local job = prefix .. ':job:' .. id
          local channel = job .. ':notify'
          local f = redis.call('HMGET', job, 'status', 'entry', 'attempts', 'max_attempts', 'cancel_requested',
            'errors', 'id', 'tenant', 'model')
          local function drop()
            redis.call('XACK', stream, group, entry)
            redis.call('XDEL', stream, entry)
          end
          local status = f[1]
          if not status then drop() return {'skip', 'missing', id, entry} end
          -- An entry the job no longer points at is left over from an earlier attempt.
          if f[2] ~= entry then drop() return {'skip', 'stale', id, entry} end
          if status ~= 'queued' and status ~= 'running' then drop() return {'skip', status, id, entry} end
          if f[5] == '1' then
            drop()
            finish(job, 'cancelled', 'cancelled', stats, ttl, channel, now)
            return {'skip', 'cancelled', id, entry}
          end
          local attempts = tonumber(f[3] or '0') + 1
          local max = tonumber(f[4] or '1')
          if attempts > max then
            -- Every attempt was started and none reported back: the job kills its workers, or they keep dying.
            local errors = cjson.decode(f[6] or '[]')
            table.insert(errors, {attempt = attempts - 1, at = now, code = 'worker_lost',
              message = 'The worker running this attempt stopped without reporting; the delivery was reclaimed after the visibility timeout.'})
            local encoded = cjson.encode(errors)
            drop()
            dead_letter(dead, dlmax, job, f[7], attempts - 1, encoded, f[8], f[9])
            finish(job, 'dead_lettered', 'dead_lettered', stats, ttl, channel, now, {'errors', encoded})
            return {'skip', 'dead_lettered', id, entry}
          end
          if attempts == 1 then
            redis.call('HSET', job, 'first_started_at', now)
          end
          redis.call('HSET', job, 'status', 'running', 'attempts', attempts, 'started_at', now, 'worker', consumer)
          local d = redis.call('HMGET', job, 'id', 'payload', 'priority', 'tenant', 'model', 'traceparent',
            'created_at', 'enqueued_at')
          return {'run', entry, tostring(attempts), tostring(max), tostring(now), d[1] or id, d[2] or '', d[3] or '',
            d[4] or 'default', d[5] or '', d[6] or '', d[7] or '0', d[8] or '0'}
        end
        """;

    /// <summary>
    /// Reads new entries for a consumer, higher priorities first, and starts each in the same call: one round trip
    /// per read instead of a read per priority plus a start per entry. A lower stream is read only for what the
    /// higher ones could not fill with started attempts.
    /// KEYS: high, normal and low streams, stats, dead-letter stream. ARGV: group, consumer, count, dead-letter max
    /// length, result ttl ms, key prefix.
    /// Returns one reply per delivered entry of this queue, as <c>start_entry</c> describes.
    /// </summary>
    public static readonly LuaScript ReadAndStart = new(Lua(Now, Finish, DeadLetter, StartEntry, """

        local out = {}
        local started = 0
        local count = tonumber(ARGV[3])
        for s = 1, 3 do
          if started >= count then break end
          local r = redis.call('XREADGROUP', 'GROUP', ARGV[1], ARGV[2], 'COUNT', count - started, 'STREAMS', KEYS[s], '>')
          if r and r[1] then
            for _, e in ipairs(r[1][2]) do
              local id = nil
              if e[2] then
                for i = 1, #e[2], 2 do
                  if e[2][i] == 'job' then id = e[2][i + 1] end
                end
              end
              local res = start_entry(ARGV[6], KEYS[s], KEYS[4], KEYS[5], ARGV[1], ARGV[2], ARGV[4], ARGV[5], e[1], id)
              if res then
                table.insert(out, res)
                if res[1] == 'run' then started = started + 1 end
              end
            end
          end
        end
        return out
        """));

    /// <summary>
    /// Starts several delivered entries of one stream in one call (a blocking read's entries, reclaimed deliveries).
    /// KEYS: stream, stats, dead-letter stream. ARGV: group, consumer, dead-letter max length, result ttl ms, key
    /// prefix, then pairs of entry id and job id ('' for an entry this queue did not write).
    /// Returns one reply per entry of this queue, as <c>start_entry</c> describes.
    /// </summary>
    public static readonly LuaScript StartEntries = new(Lua(Now, Finish, DeadLetter, StartEntry, """

        local out = {}
        for i = 6, #ARGV, 2 do
          local res = start_entry(ARGV[5], KEYS[1], KEYS[2], KEYS[3], ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[i], ARGV[i + 1])
          if res then table.insert(out, res) end
        end
        return out
        """));

    /// <summary>
    /// KEYS: job hash, stream, stats. ARGV: entry, group, result, result ttl ms, notify channel, then pairs of
    /// result field name and value. The first result wins; later ones (a reclaimed duplicate) are stale.
    /// Returns the job's status after the call, or 'stale'.
    /// </summary>
    public static readonly LuaScript Complete = new(Lua(Now, Finish, """

        local f = redis.call('HMGET', KEYS[1], 'status', 'entry', 'cancel_requested')
        redis.call('XACK', KEYS[2], ARGV[2], ARGV[1])
        redis.call('XDEL', KEYS[2], ARGV[1])
        if f[1] ~= 'running' or f[2] ~= ARGV[1] then return 'stale' end
        if f[3] == '1' then
          finish(KEYS[1], 'cancelled', 'cancelled', KEYS[3], ARGV[4], ARGV[5], now)
          return 'cancelled'
        end
        local extra = {'result', ARGV[3]}
        for i = 6, #ARGV, 2 do
          table.insert(extra, 'r:' .. ARGV[i])
          table.insert(extra, ARGV[i + 1])
        end
        finish(KEYS[1], 'succeeded', 'completed', KEYS[3], ARGV[4], ARGV[5], now, extra)
        return 'succeeded'
        """));

    /// <summary>
    /// KEYS: job hash, stream, stats, dead-letter stream, retry schedule. ARGV: entry, group, attempt, code,
    /// message, retryable (1/0), retry delay ms, dead-letter max length, result ttl ms, notify channel.
    /// Returns {outcome, due ms}.
    /// </summary>
    public static readonly LuaScript Fail = new(Lua(Now, Finish, DeadLetter, """

        local f = redis.call('HMGET', KEYS[1], 'status', 'entry', 'attempts', 'max_attempts', 'cancel_requested',
          'errors', 'id', 'tenant', 'model')
        if f[2] ~= ARGV[1] then
          -- Our entry is not the job's current one: it is ours alone to clear.
          redis.call('XACK', KEYS[2], ARGV[2], ARGV[1])
          redis.call('XDEL', KEYS[2], ARGV[1])
          return {'stale', '0'}
        end
        -- Same entry but a newer attempt: another worker reclaimed it and owns the entry now.
        if f[1] ~= 'running' or f[3] ~= ARGV[3] then return {'stale', '0'} end
        redis.call('XACK', KEYS[2], ARGV[2], ARGV[1])
        redis.call('XDEL', KEYS[2], ARGV[1])
        local errors = cjson.decode(f[6] or '[]')
        table.insert(errors, {attempt = tonumber(ARGV[3]), at = now, code = ARGV[4], message = ARGV[5]})
        local encoded = cjson.encode(errors)
        if f[5] == '1' then
          finish(KEYS[1], 'cancelled', 'cancelled', KEYS[3], ARGV[9], ARGV[10], now, {'errors', encoded})
          return {'cancelled', '0'}
        end
        local attempts = tonumber(f[3])
        if ARGV[6] == '1' and attempts < tonumber(f[4]) then
          local due = now + tonumber(ARGV[7])
          redis.call('ZADD', KEYS[5], due, f[7])
          redis.call('HSET', KEYS[1], 'status', 'queued', 'entry', '', 'next_attempt_at', due, 'errors', encoded)
          redis.call('HINCRBY', KEYS[3], 'retried', 1)
          return {'retry', tostring(due)}
        end
        if ARGV[6] == '1' then
          dead_letter(KEYS[4], ARGV[8], KEYS[1], f[7], attempts, encoded, f[8], f[9])
          finish(KEYS[1], 'dead_lettered', 'dead_lettered', KEYS[3], ARGV[9], ARGV[10], now, {'errors', encoded})
          return {'dead_lettered', '0'}
        end
        finish(KEYS[1], 'failed', 'failed', KEYS[3], ARGV[9], ARGV[10], now, {'errors', encoded})
        return {'failed', '0'}
        """));

    /// <summary>
    /// Moves due retries back to their streams. KEYS: retry schedule. ARGV: key prefix, limit.
    /// Returns how many were moved.
    /// </summary>
    public static readonly LuaScript PromoteDue = new(Lua(Now, """

        local ids = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', now, 'LIMIT', 0, tonumber(ARGV[2]))
        local moved = 0
        for _, id in ipairs(ids) do
          redis.call('ZREM', KEYS[1], id)
          local job = ARGV[1] .. ':job:' .. id
          local f = redis.call('HMGET', job, 'status', 'priority')
          if f[1] == 'queued' then
            local entry = redis.call('XADD', ARGV[1] .. ':jobs:' .. f[2], '*', 'job', id)
            redis.call('HSET', job, 'entry', entry, 'enqueued_at', now)
            redis.call('HDEL', job, 'next_attempt_at')
            moved = moved + 1
          end
        end
        return moved
        """));

    /// <summary>
    /// KEYS: job hash, stats, retry schedule. ARGV: id, result ttl ms, notify channel, cancel channel, prefix.
    /// Returns 'not_found', 'cancelled', 'requested' or 'finished'.
    /// </summary>
    public static readonly LuaScript Cancel = new(Lua(Now, Finish, """

        local f = redis.call('HMGET', KEYS[1], 'status', 'entry', 'priority')
        if not f[1] then return 'not_found' end
        if f[1] == 'queued' then
          if f[2] and f[2] ~= '' then
            redis.call('XDEL', ARGV[5] .. ':jobs:' .. f[3], f[2])
          end
          redis.call('ZREM', KEYS[3], ARGV[1])
          finish(KEYS[1], 'cancelled', 'cancelled', KEYS[2], ARGV[2], ARGV[3], now)
          return 'cancelled'
        end
        if f[1] == 'running' then
          redis.call('HSET', KEYS[1], 'cancel_requested', '1')
          redis.call('PUBLISH', ARGV[4], ARGV[1])
          return 'requested'
        end
        return 'finished'
        """));

    /// <summary>
    /// Extends a lease by resetting the entry's idle time, if the consumer still owns it.
    /// KEYS: stream. ARGV: group, consumer, entry. Returns 1 when extended, 0 when the entry is not ours.
    /// </summary>
    public static readonly LuaScript ExtendLease = new("""
        local p = redis.call('XPENDING', KEYS[1], ARGV[1], ARGV[3], ARGV[3], 1, ARGV[2])
        if #p == 0 then return 0 end
        redis.call('XCLAIM', KEYS[1], ARGV[1], ARGV[2], 0, ARGV[3], 'JUSTID')
        return 1
        """);

    /// <summary>
    /// KEYS: events stream. ARGV: kind, attempt, data, ttl ms, notify channel. Returns the event id.
    /// </summary>
    public static readonly LuaScript AppendEvent = new("""
        local id = redis.call('XADD', KEYS[1], '*', 'k', ARGV[1], 'a', ARGV[2], 'd', ARGV[3])
        redis.call('PEXPIRE', KEYS[1], ARGV[4])
        redis.call('PUBLISH', ARGV[5], 'event')
        return id
        """);

    /// <summary>
    /// KEYS: worker hash, worker index. ARGV: worker id, ttl ms, then field/value pairs.
    /// Returns the server time in ms.
    /// </summary>
    public static readonly LuaScript Heartbeat = new(Lua(Now, """

        local fields = {'reported_at', now}
        for i = 3, #ARGV do table.insert(fields, ARGV[i]) end
        redis.call('HSET', KEYS[1], unpack(fields))
        redis.call('PEXPIRE', KEYS[1], ARGV[2])
        redis.call('ZADD', KEYS[2], now, ARGV[1])
        redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now - tonumber(ARGV[2]))
        return tostring(now)
        """));
}
