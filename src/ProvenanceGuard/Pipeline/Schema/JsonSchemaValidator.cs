using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace ProvenanceGuard.Pipeline.Schema;

/// <summary>One schema violation: where (a JSON pointer into the document) and what.</summary>
public sealed record SchemaError(string Pointer, string Message)
{
    public override string ToString() => $"{(Pointer.Length == 0 ? "/" : Pointer)}: {Message}";
}

/// <summary>
/// Validates JSON against the subset of JSON Schema (2020-12) our schemas use: type, properties, required,
/// additionalProperties, items, enum, const, minimum/maximum (and exclusive), minLength, minItems,
/// pattern, oneOf/anyOf, and local $ref into $defs. No JSON Schema package is served here; anything else
/// in a schema is rejected loudly rather than silently ignored.
/// </summary>
public sealed class JsonSchemaValidator
{
    private static readonly HashSet<string> Supported =
    [
        "$schema", "$id", "$defs", "$ref", "$comment", "title", "description", "default", "examples",
        "type", "properties", "required", "additionalProperties", "items", "enum", "const",
        "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "minLength", "minItems", "pattern", "oneOf", "anyOf",
    ];

    private readonly JsonElement _root;

    public JsonSchemaValidator(JsonElement schema)
    {
        _root = schema;
        CheckKeywords(schema, "#");
    }

    public IReadOnlyList<SchemaError> Validate(JsonElement instance)
    {
        var errors = new List<SchemaError>();
        Validate(_root, instance, "", errors);
        return errors;
    }

    private void Validate(JsonElement schema, JsonElement value, string pointer, List<SchemaError> errors)
    {
        if (schema.ValueKind == JsonValueKind.True) return;
        if (schema.ValueKind == JsonValueKind.False)
        {
            errors.Add(new(pointer, "is not allowed here"));
            return;
        }
        if (schema.TryGetProperty("$ref", out var reference))
        {
            Validate(Resolve(reference.GetString()!), value, pointer, errors);
        }
        if (schema.TryGetProperty("type", out var type) && !MatchesType(type, value))
        {
            errors.Add(new(pointer, $"must be {DescribeType(type)}, not {Describe(value)}"));
            return;
        }
        if (schema.TryGetProperty("const", out var constant) && !JsonElement.DeepEquals(constant, value))
            errors.Add(new(pointer, $"must be {constant.GetRawText()}"));
        if (schema.TryGetProperty("enum", out var options) && !options.EnumerateArray().Any(o => JsonElement.DeepEquals(o, value)))
            errors.Add(new(pointer, $"must be one of {string.Join(", ", options.EnumerateArray().Select(o => o.GetRawText()))}, not {value.GetRawText()}"));

        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                ValidateObject(schema, value, pointer, errors);
                break;
            case JsonValueKind.Array:
                if (schema.TryGetProperty("minItems", out var minItems) && value.GetArrayLength() < minItems.GetInt32())
                    errors.Add(new(pointer, $"must have at least {minItems.GetInt32()} item(s)"));
                if (schema.TryGetProperty("items", out var items))
                {
                    var i = 0;
                    foreach (var item in value.EnumerateArray()) Validate(items, item, $"{pointer}/{i++}", errors);
                }
                break;
            case JsonValueKind.Number:
                var number = value.GetDouble();
                if (schema.TryGetProperty("minimum", out var min) && number < min.GetDouble())
                    errors.Add(new(pointer, $"must be >= {Format(min)} (got {value.GetRawText()})"));
                if (schema.TryGetProperty("maximum", out var max) && number > max.GetDouble())
                    errors.Add(new(pointer, $"must be <= {Format(max)} (got {value.GetRawText()})"));
                if (schema.TryGetProperty("exclusiveMinimum", out var xmin) && number <= xmin.GetDouble())
                    errors.Add(new(pointer, $"must be > {Format(xmin)} (got {value.GetRawText()})"));
                if (schema.TryGetProperty("exclusiveMaximum", out var xmax) && number >= xmax.GetDouble())
                    errors.Add(new(pointer, $"must be < {Format(xmax)} (got {value.GetRawText()})"));
                break;
            case JsonValueKind.String:
                var text = value.GetString()!;
                if (schema.TryGetProperty("minLength", out var minLength) && text.Length < minLength.GetInt32())
                    errors.Add(new(pointer, text.Length == 0 ? "must not be empty" : $"must have at least {minLength.GetInt32()} characters"));
                if (schema.TryGetProperty("pattern", out var pattern) && !Regex.IsMatch(text, pattern.GetString()!))
                    errors.Add(new(pointer, $"'{text}' does not match the pattern {pattern.GetString()}"));
                break;
        }

        if (schema.TryGetProperty("oneOf", out var oneOf)) ValidateAlternatives(oneOf, value, pointer, errors, exactlyOne: true);
        if (schema.TryGetProperty("anyOf", out var anyOf)) ValidateAlternatives(anyOf, value, pointer, errors, exactlyOne: false);
    }

    private void ValidateObject(JsonElement schema, JsonElement value, string pointer, List<SchemaError> errors)
    {
        schema.TryGetProperty("properties", out var properties);
        if (schema.TryGetProperty("required", out var required))
            foreach (var name in required.EnumerateArray())
                if (!value.TryGetProperty(name.GetString()!, out _))
                    errors.Add(new($"{pointer}/{Escape(name.GetString()!)}", "is required"));
        var hasAdditional = schema.TryGetProperty("additionalProperties", out var additional);
        foreach (var property in value.EnumerateObject())
        {
            var childPointer = $"{pointer}/{Escape(property.Name)}";
            if (properties.ValueKind == JsonValueKind.Object && properties.TryGetProperty(property.Name, out var propertySchema))
                Validate(propertySchema, property.Value, childPointer, errors);
            else if (hasAdditional)
            {
                if (additional.ValueKind == JsonValueKind.False)
                {
                    var known = properties.ValueKind == JsonValueKind.Object ? string.Join(", ", properties.EnumerateObject().Select(p => p.Name)) : "none";
                    errors.Add(new(childPointer, $"unknown property '{property.Name}' (allowed: {known})"));
                }
                else Validate(additional, property.Value, childPointer, errors);
            }
        }
    }

    private void ValidateAlternatives(JsonElement alternatives, JsonElement value, string pointer, List<SchemaError> errors, bool exactlyOne)
    {
        var results = alternatives.EnumerateArray().Select(s =>
        {
            var e = new List<SchemaError>();
            Validate(s, value, pointer, e);
            return e;
        }).ToList();
        var passing = results.Count(r => r.Count == 0);
        if (passing == 0)
        {
            // The alternative with the fewest errors is most likely the one the author meant.
            errors.AddRange(results.OrderBy(r => r.Count).First());
        }
        else if (exactlyOne && passing > 1)
        {
            errors.Add(new(pointer, "matches more than one of the allowed forms"));
        }
    }

    private JsonElement Resolve(string reference)
    {
        if (!reference.StartsWith("#/", StringComparison.Ordinal))
            throw new ConfigurationException($"schema: only local references (#/...) are supported, not '{reference}'");
        var node = _root;
        foreach (var part in reference[2..].Split('/'))
        {
            if (!node.TryGetProperty(part.Replace("~1", "/").Replace("~0", "~"), out node))
                throw new ConfigurationException($"schema: reference '{reference}' points nowhere");
        }
        return node;
    }

    private static void CheckKeywords(JsonElement schema, string path)
    {
        if (schema.ValueKind != JsonValueKind.Object) return;
        foreach (var property in schema.EnumerateObject())
        {
            if (!Supported.Contains(property.Name))
                throw new ConfigurationException($"schema: keyword '{property.Name}' at {path} is not supported by the validator");
            switch (property.Name)
            {
                case "properties" or "$defs":
                    foreach (var child in property.Value.EnumerateObject()) CheckKeywords(child.Value, $"{path}/{property.Name}/{child.Name}");
                    break;
                case "items" or "additionalProperties":
                    CheckKeywords(property.Value, $"{path}/{property.Name}");
                    break;
                case "oneOf" or "anyOf":
                    var i = 0;
                    foreach (var child in property.Value.EnumerateArray()) CheckKeywords(child, $"{path}/{property.Name}/{i++}");
                    break;
            }
        }
    }

    private static bool MatchesType(JsonElement type, JsonElement value) => type.ValueKind == JsonValueKind.Array
        ? type.EnumerateArray().Any(t => MatchesType(t.GetString()!, value))
        : MatchesType(type.GetString()!, value);

    private static bool MatchesType(string type, JsonElement value) => type switch
    {
        "object" => value.ValueKind == JsonValueKind.Object,
        "array" => value.ValueKind == JsonValueKind.Array,
        "string" => value.ValueKind == JsonValueKind.String,
        "number" => value.ValueKind == JsonValueKind.Number,
        "integer" => value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out _),
        "boolean" => value.ValueKind is JsonValueKind.True or JsonValueKind.False,
        "null" => value.ValueKind == JsonValueKind.Null,
        _ => false,
    };

    private static string DescribeType(JsonElement type) => type.ValueKind == JsonValueKind.Array
        ? string.Join(" or ", type.EnumerateArray().Select(t => Article(t.GetString()!)))
        : Article(type.GetString()!);

    private static string Article(string type) => type is "object" or "array" or "integer" ? "an " + type : "a " + type;

    private static string Describe(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => $"the string \"{value.GetString()}\"",
        JsonValueKind.Number => $"the number {value.GetRawText()}",
        JsonValueKind.True or JsonValueKind.False => value.GetRawText(),
        _ => "null",
    };

    private static string Format(JsonElement number) => number.GetDouble().ToString(CultureInfo.InvariantCulture);

    private static string Escape(string name) => name.Replace("~", "~0").Replace("/", "~1");
}
