using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace Bedtime.Tests.Infrastructure;

/// <summary>A value only Azure knows at deployment time (an output of another deployment, a resource id...).</summary>
public sealed record Deferred(string Text)
{
    public override string ToString() => $"<{Text}>";
}

/// <summary>One template's scope: its parameters' values, its variables, and the loop index of a copy.</summary>
public sealed class ArmScope(JsonObject template, IReadOnlyDictionary<string, object?> parameters)
{
    private readonly Dictionary<string, object?> _variables = new(StringComparer.OrdinalIgnoreCase);
    public int? CopyIndex { get; init; }
    public JsonObject Template => template;

    public ArmScope WithCopyIndex(int index) => new(template, parameters) { CopyIndex = index };

    public object? Parameter(string name) =>
        parameters.TryGetValue(name, out var value) ? value
        : template["parameters"]?[name]?["defaultValue"] is { } fallback ? ArmExpressions.Evaluate(fallback, this)
        : throw new KeyNotFoundException($"parameter '{name}' has no value and no default");

    public object? Variable(string name)
    {
        if (_variables.TryGetValue(name, out var known)) return known;
        var node = template["variables"]?[name] ?? throw new KeyNotFoundException($"variable '{name}'");
        return _variables[name] = ArmExpressions.Evaluate(node, this);
    }
}

/// <summary>
/// Evaluates the ARM template expressions the Bicep compiler writes (<c>"[...]"</c>) as far as they can be known
/// before deployment: literals, parameters, variables, copy loops and the common functions. What only Azure
/// knows (reference(), resource ids, subscription()) becomes a <see cref="Deferred"/> value carrying its text.
/// </summary>
public static class ArmExpressions
{
    public static object? Evaluate(JsonNode? node, ArmScope scope) => node switch
    {
        null => null,
        JsonObject o => o.ToDictionary(p => p.Key, p => Evaluate(p.Value, scope), StringComparer.OrdinalIgnoreCase),
        JsonArray a => a.Select(item => Evaluate(item, scope)).ToList(),
        JsonValue v when v.TryGetValue<string>(out var s) => EvaluateString(s, scope),
        JsonValue v when v.TryGetValue<bool>(out var b) => b,
        JsonValue v when v.TryGetValue<long>(out var l) => l,
        JsonValue v when v.TryGetValue<double>(out var d) => d,
        _ => node.ToJsonString(),
    };

    public static object? EvaluateString(string text, ArmScope scope)
    {
        if (text.StartsWith("[[", StringComparison.Ordinal)) return text[1..];
        if (!(text.StartsWith('[') && text.EndsWith(']'))) return text;
        var parser = new Parser(text[1..^1], scope);
        var value = parser.Expression();
        parser.End();
        return value;
    }

    public static string Text(object? value) => value switch
    {
        null => "",
        string s => s,
        Deferred d => d.ToString(),
        bool b => b ? "True" : "False",
        long l => l.ToString(CultureInfo.InvariantCulture),
        double d => d.ToString(CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    private static bool Truthy(object? value) => value is true || (value is string s && bool.TryParse(s, out var b) && b);

    private static bool IsEmpty(object? value) => value switch
    {
        null => true,
        string s => s.Length == 0,
        System.Collections.ICollection c => c.Count == 0,
        _ => false,
    };

    private sealed class Lambda(IReadOnlyList<string> names, string body, ArmScope scope)
    {
        public object? Invoke(params object?[] args)
        {
            var bindings = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase);
            for (var i = 0; i < names.Count; i++) bindings[names[i]] = args[i];
            var parser = new Parser(body, scope, bindings);
            var value = parser.Expression();
            parser.End();
            return value;
        }
    }

    private sealed class Parser(string text, ArmScope scope, IReadOnlyDictionary<string, object?>? lambdaVariables = null)
    {
        private int _at;

        public void End()
        {
            Skip();
            if (_at != text.Length) throw new FormatException($"unexpected '{text[_at..]}' in [{text}]");
        }

        public object? Expression()
        {
            Skip();
            var start = _at;
            object? value;
            if (Peek('\''))
                value = StringLiteral();
            else if (char.IsDigit(text[_at]) || text[_at] == '-')
                value = Number();
            else
                value = Call(start);
            return Accessors(value, start);
        }

        private object? Accessors(object? value, int start)
        {
            while (true)
            {
                Skip();
                if (Peek('.'))
                {
                    _at++;
                    var name = Identifier();
                    value = Member(value, name, start);
                }
                else if (Peek('['))
                {
                    _at++;
                    var index = Expression();
                    Expect(']');
                    value = value is Deferred ? new Deferred(text[start.._at]) : Index(value, index);
                }
                else return value;
            }
        }

        private object? Member(object? value, string name, int start) => value switch
        {
            Deferred => new Deferred(text[start.._at]),
            IDictionary<string, object?> o => o.TryGetValue(name, out var v) ? v : throw new KeyNotFoundException($"property '{name}' in [{text}]"),
            _ => throw new FormatException($"'.{name}' on {value} in [{text}]"),
        };

        private static object? Index(object? value, object? index) => (value, index) switch
        {
            (IList<object?> list, long i) => list[(int)i],
            (IDictionary<string, object?> o, string key) => o[key],
            _ => throw new FormatException($"cannot index {value} with {index}"),
        };

        private object? Call(int start)
        {
            var name = Identifier();
            Expect('(');
            if (name.Equals("lambda", StringComparison.OrdinalIgnoreCase)) return ParseLambda();
            var args = new List<object?>();
            Skip();
            if (!Peek(')'))
            {
                do { args.Add(Expression()); Skip(); } while (TryTake(','));
            }
            Expect(')');
            return Apply(name, args, text[start.._at]);
        }

        private Lambda ParseLambda()
        {
            var names = new List<string>();
            var bodyStart = _at;
            while (true)
            {
                Skip();
                if (!Peek('\'')) break;
                var save = _at;
                var literal = (string)StringLiteral();
                Skip();
                if (!TryTake(',')) { _at = save; break; }
                names.Add(literal);
                bodyStart = _at;
            }
            var depth = 0;
            var inString = false;
            for (; _at < text.Length; _at++)
            {
                var c = text[_at];
                if (c == '\'') inString = !inString;
                else if (inString) continue;
                else if (c == '(') depth++;
                else if (c == ')' && depth-- == 0) break;
            }
            var body = text[bodyStart.._at];
            Expect(')');
            return new Lambda(names, body.Trim(), scope);
        }

        private object? Apply(string name, List<object?> a, string source)
        {
            switch (name.ToLowerInvariant())
            {
                case "parameters": return scope.Parameter(Text(a[0]));
                case "variables": return scope.Variable(Text(a[0]));
                case "lambdavariables": return lambdaVariables![Text(a[0])];
                case "copyindex": return (long)(scope.CopyIndex ?? throw new InvalidOperationException("copyIndex() outside a loop")) + (a.Count > 0 ? (long)a[0]! : 0);
                case "if": return Truthy(a[0]) ? a[1] : a[2];
                case "not": return !Truthy(a[0]);
                case "and": return a.All(Truthy);
                case "or": return a.Any(Truthy);
                case "equals": return Equals(Text(a[0]), Text(a[1]));
                case "empty": return a[0] is Deferred ? false : IsEmpty(a[0]);
                case "true": return true;
                case "false": return false;
                case "null": return null;
                case "string": return Text(a[0]);
                case "length": return a[0] switch { string s => (long)s.Length, System.Collections.ICollection c => (long)c.Count, _ => throw new FormatException(source) };
                case "createarray": return a.ToList();
                case "createobject":
                    {
                        var o = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase);
                        for (var i = 0; i < a.Count; i += 2) o[Text(a[i])] = a[i + 1];
                        return o;
                    }
                case "union":
                    if (a.All(x => x is IDictionary<string, object?>))
                    {
                        var o = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase);
                        foreach (var part in a.Cast<IDictionary<string, object?>>()) foreach (var (k, v) in part) o[k] = v;
                        return o;
                    }
                    return a.OfType<IList<object?>>().SelectMany(l => l).Distinct().ToList();
                case "concat":
                    return a.All(x => x is IList<object?>) ? a.Cast<IList<object?>>().SelectMany(l => l).ToList() : Deferable(a, string.Concat(a.Select(Text)));
                case "format":
                    return Deferable(a, string.Format(CultureInfo.InvariantCulture, Text(a[0]), a.Skip(1).Select(Text).ToArray<object>()));
                case "join": return a[0] is IList<object?> items ? string.Join(Text(a[1]), items.Select(Text)) : new Deferred(source);
                case "split": return a[0] is string s0 ? s0.Split(Text(a[1])).Cast<object?>().ToList() : new Deferred(source);
                case "trim": return a[0] is string s1 ? s1.Trim() : new Deferred(source);
                case "tolower": return a[0] is string s2 ? s2.ToLowerInvariant() : new Deferred(source);
                case "replace": return a[0] is string s3 ? s3.Replace(Text(a[1]), Text(a[2]), StringComparison.Ordinal) : new Deferred(source);
                case "take": return a[0] is string s4 ? s4[..Math.Min(s4.Length, (int)(long)a[1]!)] : new Deferred(source);
                case "map": return ((IList<object?>)a[0]!).Select(x => ((Lambda)a[1]!).Invoke(x)).ToList();
                case "filter": return ((IList<object?>)a[0]!).Where(x => Truthy(((Lambda)a[1]!).Invoke(x))).ToList();
                case "contains":
                    return a[0] switch
                    {
                        string s5 => s5.Contains(Text(a[1]), StringComparison.OrdinalIgnoreCase),
                        IList<object?> l => l.Any(x => Text(x) == Text(a[1])),
                        IDictionary<string, object?> o => o.ContainsKey(Text(a[1])),
                        _ => new Deferred(source),
                    };
                // What ARM computes at deployment (ids, names, references): kept as text with the arguments' values.
                default: return new Deferred($"{name}({string.Join(", ", a.Select(Text))})");
            }
        }

        /// <summary>A string built from parts of which some are known only at deployment is itself deferred.</summary>
        private static object Deferable(List<object?> args, string text) => args.Any(x => x is Deferred) ? new Deferred(text) : text;

        private object StringLiteral()
        {
            Expect('\'');
            var sb = new StringBuilder();
            while (true)
            {
                var c = text[_at++];
                if (c == '\'')
                {
                    if (_at < text.Length && text[_at] == '\'') { sb.Append('\''); _at++; continue; }
                    return sb.ToString();
                }
                sb.Append(c);
            }
        }

        private object Number()
        {
            var start = _at;
            if (text[_at] == '-') _at++;
            while (_at < text.Length && (char.IsDigit(text[_at]) || text[_at] == '.')) _at++;
            var literal = text[start.._at];
            return literal.Contains('.') ? double.Parse(literal, CultureInfo.InvariantCulture) : long.Parse(literal, CultureInfo.InvariantCulture);
        }

        private string Identifier()
        {
            Skip();
            var start = _at;
            while (_at < text.Length && (char.IsLetterOrDigit(text[_at]) || text[_at] == '_' || text[_at] == '$')) _at++;
            if (start == _at) throw new FormatException($"expected a name at {_at} in [{text}]");
            return text[start.._at];
        }

        private void Skip() { while (_at < text.Length && char.IsWhiteSpace(text[_at])) _at++; }
        private bool Peek(char c) => _at < text.Length && text[_at] == c;
        private bool TryTake(char c) { Skip(); if (!Peek(c)) return false; _at++; return true; }
        private void Expect(char c) { if (!TryTake(c)) throw new FormatException($"expected '{c}' at {_at} in [{text}]"); }
    }
}
