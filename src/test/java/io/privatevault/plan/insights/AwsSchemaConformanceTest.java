package io.privatevault.plan.insights;

import com.pulumi.core.annotations.Import;
import com.pulumi.core.annotations.ResourceType;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every type token and input path in {@link AwsSchema} exists in the pinned pulumi-aws Java SDK: the resource
 * class carries that {@code @ResourceType}, and each path segment is an {@code @Import} name of the Args class
 * (or of the nested input type it leads to).
 */
class AwsSchemaConformanceTest {
    @Test
    void everyTokenAndPathExistsInTheProviderSdk() throws Exception {
        List<String> problems = new ArrayList<>();
        int checked = 0;
        for (Class<?> nested : AwsSchema.class.getDeclaredClasses()) {
            String token = (String) nested.getField("TYPE").get(null);
            String[] parts = token.split(":");
            String module = parts[1].split("/")[0];
            Class<?> resource = Class.forName("com.pulumi.aws." + module + "." + parts[2]);
            var annotation = resource.getAnnotation(ResourceType.class);
            if (annotation == null || !annotation.type().equals(token)) {
                problems.add(token + ": " + resource.getName() + " has @ResourceType " + (annotation == null ? null : annotation.type()));
                continue;
            }
            Class<?> args = Class.forName(resource.getName() + "Args");
            for (Field constant : nested.getFields()) {
                if (!Modifier.isStatic(constant.getModifiers()) || constant.getName().equals("TYPE")) {
                    continue;
                }
                String path = (String) constant.get(null);
                // Paths relative to a block device mapping are checked from the mapping type.
                String full = path.startsWith("ebs.") ? LaunchTemplatePaths.BLOCK_DEVICE + path : path;
                String problem = walk(args, full);
                if (problem != null) {
                    problems.add(token + " " + nested.getSimpleName() + "." + constant.getName() + " = " + path + ": " + problem);
                }
                checked++;
            }
        }
        assertEquals(List.of(), problems);
        assertTrue(checked > 60, "checked " + checked);
    }

    @Test
    void walkerRejectsAMisspelledProperty() {
        assertTrue(walk(com.pulumi.aws.ec2.LaunchTemplateArgs.class, "metadataOptions.httpToken") != null);
        assertTrue(walk(com.pulumi.aws.ec2.LaunchTemplateArgs.class, "metadataOptions.httpTokens") == null);
    }

    private interface LaunchTemplatePaths {
        String BLOCK_DEVICE = "blockDeviceMappings.*.";
    }

    /** Null when the path resolves, else what went wrong. */
    private static String walk(Class<?> type, String path) {
        Type current = type;
        for (String segment : path.split("\\.")) {
            current = unwrap(current);
            if (segment.equals("*") || segment.chars().allMatch(Character::isDigit)) {
                if (!(current instanceof ParameterizedType p && p.getRawType() == List.class)) {
                    return "segment " + segment + " applied to non-list " + current;
                }
                current = p.getActualTypeArguments()[0];
                continue;
            }
            if (current instanceof ParameterizedType p && p.getRawType() == Map.class) {
                current = p.getActualTypeArguments()[1];
                continue;
            }
            if (!(current instanceof Class<?> c)) {
                return "segment " + segment + " applied to " + current;
            }
            Field field = importField(c, segment);
            if (field == null) {
                return "no @Import(name = \"" + segment + "\") in " + c.getName();
            }
            current = field.getGenericType();
        }
        return null;
    }

    private static Field importField(Class<?> c, String name) {
        for (Class<?> k = c; k != null; k = k.getSuperclass()) {
            for (Field f : k.getDeclaredFields()) {
                var imp = f.getAnnotation(Import.class);
                if (imp != null && imp.name().equals(name)) {
                    return f;
                }
            }
        }
        return null;
    }

    /** Output<T> and @Nullable wrappers down to T. */
    private static Type unwrap(Type type) {
        while (type instanceof ParameterizedType p && p.getRawType().getTypeName().equals("com.pulumi.core.Output")) {
            type = p.getActualTypeArguments()[0];
        }
        return type;
    }
}
