package io.privatevault.components.testing;

import pulumirpc.AliasOuterClass.Alias;
import pulumirpc.Resource.RegisterResourceRequest;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The resource options of one registration, as the register request carries them to the engine (Pulumi's
 * {@code RegisterResourceRequest}, pulumi/proto/pulumi/resource.proto).
 *
 * @param protect                 the engine refuses to delete the resource while set
 * @param retainOnDelete          deleting the resource from the program leaves the cloud resource in place
 * @param deleteBeforeReplace     a replacement deletes the old resource before creating the new one
 * @param ignoreChanges           input paths whose changes are ignored after creation
 * @param replaceOnChanges        input paths whose change forces a replacement
 * @param dependsOn               URNs the resource waits for without taking an input from them: the request's
 *                                dependencies that no input accounts for, i.e. explicit {@code dependsOn} (a
 *                                component there stands for its children, as the SDK expands it)
 * @param provider                explicit provider reference ({@code <provider URN>::<provider id>}), empty for the
 *                                package's default provider
 * @param providers               a component's providers by package
 * @param version                 provider plugin version requested, empty for the default
 * @param pluginDownloadUrl       where the engine downloads the provider plugin, empty for the default
 * @param additionalSecretOutputs outputs the engine must store as secrets
 * @param aliases                 earlier identities of the resource: URN strings, or specs (name, type, stack,
 *                                project, parentUrn, noParent; a field left out means the resource's own)
 * @param customTimeouts          create/update/delete timeouts as Go durations; empty when none is set
 * @param deletedWith             URN of a resource whose deletion deletes this one, empty if none
 * @param importId                physical id to adopt instead of creating, empty if none
 */
public record RecordedOptions(
        boolean protect,
        boolean retainOnDelete,
        boolean deleteBeforeReplace,
        List<String> ignoreChanges,
        List<String> replaceOnChanges,
        Set<String> dependsOn,
        String provider,
        Map<String, String> providers,
        String version,
        String pluginDownloadUrl,
        List<String> additionalSecretOutputs,
        List<Object> aliases,
        Map<String, String> customTimeouts,
        String deletedWith,
        String importId) {

    /** No option set: what a resource registered with {@code null} options carries. */
    public static final RecordedOptions NONE = new RecordedOptions(false, false, false, List.of(), List.of(), Set.of(),
            "", Map.of(), "", "", List.of(), List.of(), Map.of(), "", "");

    /** The options of {@code request}; {@code inputDependencies} are the URNs its inputs come from. */
    static RecordedOptions of(RegisterResourceRequest request, Set<String> inputDependencies) {
        Set<String> dependsOn = new TreeSet<>(request.getDependenciesList());
        dependsOn.removeAll(inputDependencies);
        Map<String, String> timeouts = new LinkedHashMap<>();
        if (request.hasCustomTimeouts()) {
            var t = request.getCustomTimeouts();
            putIfSet(timeouts, "create", t.getCreate());
            putIfSet(timeouts, "update", t.getUpdate());
            putIfSet(timeouts, "delete", t.getDelete());
        }
        List<Object> aliases = new ArrayList<>(request.getAliasURNsList());
        request.getAliasesList().forEach(alias -> aliases.add(alias(alias)));
        var options = new RecordedOptions(
                request.getProtect(),
                request.getRetainOnDelete(),
                request.getDeleteBeforeReplace(),
                List.copyOf(request.getIgnoreChangesList()),
                List.copyOf(request.getReplaceOnChangesList()),
                Collections.unmodifiableSet(dependsOn),
                request.getProvider(),
                Collections.unmodifiableMap(new TreeMap<>(request.getProvidersMap())),
                request.getVersion(),
                request.getPluginDownloadURL(),
                List.copyOf(request.getAdditionalSecretOutputsList()),
                List.copyOf(aliases),
                Collections.unmodifiableMap(timeouts),
                request.getDeletedWith(),
                request.getImportId());
        // Most registrations set no option at all; sharing one instance keeps large plans small.
        return options.equals(NONE) ? NONE : options;
    }

    private static Object alias(Alias alias) {
        if (alias.hasUrn()) {
            return alias.getUrn();
        }
        var spec = alias.getSpec();
        var map = new LinkedHashMap<String, Object>();
        putIfSet(map, "name", spec.getName());
        putIfSet(map, "type", spec.getType());
        putIfSet(map, "stack", spec.getStack());
        putIfSet(map, "project", spec.getProject());
        putIfSet(map, "parentUrn", spec.getParentUrn());
        if (spec.getNoParent()) {
            map.put("noParent", true);
        }
        return Collections.unmodifiableMap(map);
    }

    private static void putIfSet(Map<String, ? super String> map, String key, String value) {
        if (!value.isEmpty()) {
            map.put(key, value);
        }
    }
}
