package io.privatevault.components.construct;

import com.google.gson.JsonObject;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * TypeScript declarations of the package as other languages see it, rendered from the served schema the way Pulumi's
 * Node.js code generator shapes an SDK: a {@code pulumi.ComponentResource} class per component whose constructor takes
 * {@code (name, args, opts?)}, an {@code XArgs} interface whose non-plain inputs are {@code pulumi.Input<T>}
 * (elements of input arrays and maps too), required inputs without {@code ?}, outputs as {@code pulumi.Output<T>} ({@code T | undefined} unless required),
 * and an {@code input}/{@code output} interface per object type. tsc then judges a program against what the schema
 * promises; the declarations carry no behaviour.
 */
final class TypeScriptDeclarations {
    private TypeScriptDeclarations() {
    }

    static String render(ServedSchema schema) {
        var out = new StringBuilder("import * as pulumi from \"@pulumi/pulumi\";\n\n");
        for (String token : schema.components()) {
            String name = simpleName(token);
            var required = schema.requiredInputs(token);
            out.append("export interface ").append(name).append("Args {\n");
            schema.inputs(token).forEach((property, spec) -> out.append("    ").append(property)
                    .append(required.contains(property) ? "" : "?").append(": ").append(input(spec, ServedSchema.plain(spec))).append(";\n"));
            out.append("}\n\n");
            out.append("export declare class ").append(name).append(" extends pulumi.ComponentResource {\n");
            var present = schema.requiredOutputs(token);
            schema.outputs(token).forEach((property, spec) -> out.append("    readonly ").append(property)
                    .append(": pulumi.Output<").append(output(spec)).append(present.contains(property) ? "" : " | undefined").append(">;\n"));
            out.append("    constructor(name: string, args: ").append(name).append("Args, opts?: pulumi.ComponentResourceOptions);\n}\n\n");
        }
        out.append("export declare namespace types {\n    namespace input {\n");
        for (String token : schema.typeTokens()) {
            objectType(out, schema, token, true);
        }
        out.append("    }\n    namespace output {\n");
        for (String token : schema.typeTokens()) {
            objectType(out, schema, token, false);
        }
        return out.append("    }\n}\n").toString();
    }

    private static void objectType(StringBuilder out, ServedSchema schema, String token, boolean input) {
        String ref = "#/types/" + token;
        Set<String> required = new TreeSet<>(schema.requiredProperties(ref));
        out.append("        interface ").append(simpleName(token)).append(input ? "Args" : "").append(" {\n");
        for (Map.Entry<String, JsonObject> e : schema.objectType(ref).entrySet()) {
            out.append("            ").append(input ? "" : "readonly ").append(e.getKey()).append(required.contains(e.getKey()) ? "" : "?")
                    .append(": ").append(input ? input(e.getValue(), ServedSchema.plain(e.getValue())) : output(e.getValue())).append(";\n");
        }
        out.append("        }\n");
    }

    /** An input's type: {@code pulumi.Input<T>} unless plain, its elements and object properties likewise. */
    private static String input(JsonObject spec, boolean plain) {
        String type = switch (ServedSchema.kind(spec)) {
            case "array" -> "(" + input(ServedSchema.items(spec), plain) + ")[]";
            case "map" -> "{ [key: string]: " + input(ServedSchema.items(spec), plain) + " }";
            case "object" -> "types.input." + simpleName(ServedSchema.ref(spec).replace("#/types/", "")) + "Args";
            default -> scalar(spec);
        };
        return plain ? type : "pulumi.Input<" + type + ">";
    }

    private static String output(JsonObject spec) {
        return switch (ServedSchema.kind(spec)) {
            case "array" -> "(" + output(ServedSchema.items(spec)) + ")[]";
            case "map" -> "{ [key: string]: " + output(ServedSchema.items(spec)) + " }";
            case "object" -> "types.output." + simpleName(ServedSchema.ref(spec).replace("#/types/", ""));
            default -> scalar(spec);
        };
    }

    private static String scalar(JsonObject spec) {
        return switch (ServedSchema.kind(spec)) {
            case "string" -> "string";
            case "integer", "number" -> "number";
            case "boolean" -> "boolean";
            default -> throw new IllegalArgumentException("no TypeScript type for schema type " + spec);
        };
    }

    private static String simpleName(String token) {
        return token.substring(token.lastIndexOf(':') + 1);
    }
}
