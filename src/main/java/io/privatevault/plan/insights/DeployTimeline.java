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
        Set<String> warnings = new TreeSet<>();
        Map<String, Set<String>> prereqs = prerequisites(resources, byUrn);

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

    /** Prerequisites of each resource: its parent and its dependencies, a component dependency standing for all it contains. */
    private static Map<String, Set<String>> prerequisites(List<RecordedResource> resources, Map<String, RecordedResource> byUrn) {
        Map<String, List<String>> children = new HashMap<>();
        resources.forEach(r -> {
            if (r.parentUrn() != null) {
                children.computeIfAbsent(r.parentUrn(), k -> new ArrayList<>()).add(r.urn());
            }
        });
        Map<String, Set<String>> descendants = new HashMap<>();
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
        return prereqs;
    }

    /**
     * A dependency {@code urn -> dependencyUrn} between custom resources that another prerequisite already implies
     * ({@code impliedVia} waits for it, directly or transitively): it never changes the order. If it was declared
     * with {@code dependsOn}, it is needless and can go.
     */
    public record RedundantDependency(String urn, String dependencyUrn, String impliedVia) {
    }

    /**
     * Dependencies that add no ordering. Only waits between custom resources count (a component creates nothing),
     * so a reported edge is implied by real creation order, never by the component tree alone.
     */
    public List<RedundantDependency> redundantDependencies(List<RecordedResource> resources) {
        return redundantDependencies(resources, RecordedResource::dependencies);
    }

    /**
     * The same, checking only the dependencies {@code candidates} names per resource. The recorder merges explicit
     * {@code dependsOn} with input dependencies; given the explicit ones (the request's dependencies minus its
     * property dependencies), the result is exactly the needless {@code dependsOn}.
     */
    public List<RedundantDependency> redundantDependencies(List<RecordedResource> resources,
                                                           java.util.function.Function<RecordedResource, Set<String>> candidates) {
        Map<String, RecordedResource> byUrn = new HashMap<>();
        resources.forEach(r -> byUrn.put(r.urn(), r));
        Map<String, Set<String>> prereqs = prerequisites(resources, byUrn);
        List<String> custom = resources.stream().filter(RecordedResource::custom).map(RecordedResource::urn).toList();
        Map<String, Integer> index = new HashMap<>();
        custom.forEach(u -> index.put(u, index.size()));
        Map<String, List<String>> waits = new HashMap<>();
        Map<String, List<String>> waitedBy = new HashMap<>();
        Map<String, Integer> pending = new HashMap<>();
        for (String u : custom) {
            List<String> w = prereqs.get(u).stream().filter(index::containsKey).toList();
            waits.put(u, w);
            pending.put(u, w.size());
            w.forEach(p -> waitedBy.computeIfAbsent(p, k -> new ArrayList<>()).add(u));
        }
        // Transitive waits of each resource, in topological order (Kahn); resources on a cycle keep what they reached.
        Map<String, java.util.BitSet> closure = new HashMap<>();
        var ready = new ArrayDeque<String>();
        custom.stream().filter(u -> pending.get(u) == 0).forEach(ready::add);
        while (!ready.isEmpty()) {
            String u = ready.poll();
            var bits = new java.util.BitSet(custom.size());
            for (String p : waits.get(u)) {
                bits.set(index.get(p));
                bits.or(closure.getOrDefault(p, new java.util.BitSet()));
            }
            closure.put(u, bits);
            for (String next : waitedBy.getOrDefault(u, List.of())) {
                if (pending.merge(next, -1, Integer::sum) == 0) {
                    ready.add(next);
                }
            }
        }
        List<RedundantDependency> result = new ArrayList<>();
        for (String u : custom) {
            for (String d : candidates.apply(byUrn.get(u))) {
                if (!index.containsKey(d) || d.equals(u)) {
                    continue;
                }
                waits.get(u).stream().filter(q -> !q.equals(d) && closure.getOrDefault(q, new java.util.BitSet()).get(index.get(d)))
                        .findFirst().ifPresent(q -> result.add(new RedundantDependency(u, d, q)));
            }
        }
        return result;
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
