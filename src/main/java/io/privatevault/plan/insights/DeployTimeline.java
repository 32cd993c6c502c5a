package io.privatevault.plan.insights;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.privatevault.components.testing.RecordedResource;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Finds the longest creation chain from the URN parent chain and every recorded dependency, weighted by
 * {@code creation-times.json}. A dependency on a component means waiting for everything inside it (that is
 * what the engine does), so component dependencies are expanded to the component's descendants.
 */
public final class DeployTimeline {
    private final JsonObject table;

    private DeployTimeline(JsonObject table) {
        this.table = table;
    }

    public static DeployTimeline load() {
        try (InputStream in = DeployTimeline.class.getResourceAsStream("creation-times.json")) {
            if (in == null) {
                throw new IllegalStateException("creation-times.json missing from the classpath");
            }
            return new DeployTimeline(JsonParser.parseString(new String(in.readAllBytes(), StandardCharsets.UTF_8)).getAsJsonObject());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Typical creation seconds of one resource. */
    public double seconds(RecordedResource r) {
        if (!r.custom()) {
            return table.get("componentSeconds").getAsDouble();
        }
        var types = table.getAsJsonObject("types");
        return types.has(r.type()) ? types.getAsJsonObject(r.type()).get("seconds").getAsDouble()
                : table.get("defaultCustomSeconds").getAsDouble();
    }

    public boolean knows(String type) {
        return table.getAsJsonObject("types").has(type);
    }

    public CriticalPath criticalPath(List<RecordedResource> resources) {
        Map<String, RecordedResource> byUrn = new HashMap<>();
        resources.forEach(r -> byUrn.put(r.urn(), r));
        Map<String, List<String>> children = new HashMap<>();
        resources.forEach(r -> {
            if (r.parentUrn() != null) {
                children.computeIfAbsent(r.parentUrn(), k -> new ArrayList<>()).add(r.urn());
            }
        });
        Map<String, Set<String>> descendants = new HashMap<>();
        Set<String> warnings = new TreeSet<>();

        // prerequisites: parent + dependencies, a component dependency standing for all it contains
        Map<String, Set<String>> prereqs = new HashMap<>();
        for (RecordedResource r : resources) {
            Set<String> ancestors = ancestors(r, byUrn);
            Set<String> before = new LinkedHashSet<>();
            if (r.parentUrn() != null && byUrn.containsKey(r.parentUrn())) {
                before.add(r.parentUrn());
            }
            for (String dep : r.dependencies()) {
                RecordedResource d = byUrn.get(dep);
                if (d == null || dep.equals(r.urn())) {
                    continue;
                }
                before.add(dep);
                // Waiting on an enclosing component would mean waiting on ourselves; the engine does not.
                if (!d.custom() && !ancestors.contains(dep)) {
                    before.addAll(descendants(dep, children, descendants));
                }
            }
            before.remove(r.urn());
            prereqs.put(r.urn(), before);
        }

        Map<String, Double> finish = new HashMap<>();
        Map<String, String> via = new HashMap<>();
        for (RecordedResource r : resources) {
            longest(r.urn(), byUrn, prereqs, finish, via, warnings);
        }
        String end = null;
        for (RecordedResource r : resources) {
            if (end == null || finish.get(r.urn()) > finish.get(end)) {
                end = r.urn();
            }
        }
        List<CriticalPath.Step> steps = new ArrayList<>();
        for (String at = end; at != null; at = via.get(at)) {
            RecordedResource r = byUrn.get(at);
            if (seconds(r) > 0) {
                steps.add(new CriticalPath.Step(r.urn(), r.type(), r.name(), seconds(r), finish.get(at)));
            }
        }
        Collections.reverse(steps);
        steps.stream().filter(s -> !knows(s.type()))
                .forEach(s -> warnings.add(s.type() + " is not in creation-times.json; counted at the default "
                        + table.get("defaultCustomSeconds").getAsDouble() + " s"));
        double chain = end == null ? 0 : finish.get(end);
        return new CriticalPath(List.copyOf(steps), chain, table.get("engineOverheadSeconds").getAsDouble(), List.copyOf(warnings));
    }

    private static Set<String> ancestors(RecordedResource r, Map<String, RecordedResource> byUrn) {
        Set<String> result = new LinkedHashSet<>();
        for (String p = r.parentUrn(); p != null && result.add(p); ) {
            RecordedResource parent = byUrn.get(p);
            p = parent == null ? null : parent.parentUrn();
        }
        return result;
    }

    private static Set<String> descendants(String urn, Map<String, List<String>> children, Map<String, Set<String>> memo) {
        var cached = memo.get(urn);
        if (cached != null) {
            return cached;
        }
        Set<String> result = new LinkedHashSet<>();
        var queue = new ArrayDeque<>(children.getOrDefault(urn, List.of()));
        while (!queue.isEmpty()) {
            String next = queue.poll();
            if (result.add(next)) {
                queue.addAll(children.getOrDefault(next, List.of()));
            }
        }
        memo.put(urn, result);
        return result;
    }

    /**
     * Finish time of {@code urn} = its own seconds after the latest prerequisite. Iterative depth-first search
     * (deep stacks must not overflow the Java stack); an edge that closes a cycle is cut and reported.
     */
    private void longest(String start, Map<String, RecordedResource> byUrn, Map<String, Set<String>> prereqs,
                         Map<String, Double> finish, Map<String, String> via, Set<String> warnings) {
        if (finish.containsKey(start)) {
            return;
        }
        Set<String> onStack = new java.util.HashSet<>();
        var stack = new ArrayDeque<String>();
        stack.push(start);
        while (!stack.isEmpty()) {
            String urn = stack.peek();
            if (finish.containsKey(urn)) {
                stack.pop();
                continue;
            }
            onStack.add(urn);
            boolean pending = false;
            for (String p : prereqs.get(urn)) {
                if (!finish.containsKey(p)) {
                    if (onStack.contains(p)) {
                        warnings.add("dependency cycle cut: " + byUrn.get(urn).name() + " -> " + byUrn.get(p).name());
                        continue;
                    }
                    stack.push(p);
                    pending = true;
                }
            }
            if (pending) {
                continue;
            }
            double latest = 0;
            String from = null;
            for (String p : prereqs.get(urn)) {
                Double f = finish.get(p);
                if (f != null && (from == null || f > latest)) {
                    latest = f;
                    from = p;
                }
            }
            finish.put(urn, latest + seconds(byUrn.get(urn)));
            if (from != null) {
                via.put(urn, from);
            }
            onStack.remove(urn);
            stack.pop();
        }
    }
}
