package io.privatevault.components.support;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static io.privatevault.components.support.JsonValues.strings;
import static io.privatevault.components.support.JsonValues.text;

/**
 * An IAM policy document (identity or resource policy) read as AWS evaluates it (IAM User Guide, "IAM JSON policy
 * element reference"): each statement's effect, principals, actions or {@code NotAction}, resources or
 * {@code NotResource}, and conditions. Single values and lists are the same to IAM, and so they are here. Used to judge
 * policies the program is handed (an AWS secret role's policy) and the policies a plan registers.
 */
public record IamPolicy(List<Statement> statements) {
    /**
     * IAM actions that let whoever holds them give themselves any other permission, so granting one amounts to
     * administrator access: write a new default version of a policy they are attached to, attach or write a policy to
     * a user, group or role (their own), join a group, rewrite a role's trust policy, mint credentials for another
     * user, or hand a more powerful role to a service they control ({@code iam:PassRole}). Policies that are free of
     * {@code *} on {@code *} but grant one of these are refused all the same.
     */
    public static final List<String> SELF_ESCALATING_ACTIONS = List.of(
            "iam:CreatePolicyVersion", "iam:SetDefaultPolicyVersion",
            "iam:AttachUserPolicy", "iam:AttachGroupPolicy", "iam:AttachRolePolicy",
            "iam:PutUserPolicy", "iam:PutGroupPolicy", "iam:PutRolePolicy",
            "iam:DeleteUserPermissionsBoundary", "iam:DeleteRolePermissionsBoundary",
            "iam:AddUserToGroup", "iam:UpdateAssumeRolePolicy",
            "iam:CreateAccessKey", "iam:CreateLoginProfile", "iam:UpdateLoginProfile",
            "iam:PassRole");

    /**
     * One statement.
     *
     * @param principals   principal type ({@code AWS}, {@code Service}, {@code Federated}, or {@code *} for
     *                     {@code "Principal": "*"}) to identifiers; empty in an identity policy
     * @param notPrincipal true when the principals are a {@code NotPrincipal}
     * @param notAction    true when {@code actions} are a {@code NotAction}: the statement matches every other action
     * @param notResource  true when {@code resources} are a {@code NotResource}: every other resource
     * @param conditions   operator to condition key to values
     */
    public record Statement(String sid, boolean allow, Map<String, List<String>> principals, boolean notPrincipal,
                            List<String> actions, boolean notAction, List<String> resources, boolean notResource,
                            Map<String, Map<String, List<String>>> conditions) {

        /** Whether the statement's action element matches {@code action} (a concrete action such as {@code kms:Decrypt}). */
        public boolean covers(String action) {
            boolean listed = actions.stream().anyMatch(pattern -> matches(pattern, action));
            return notAction != listed;
        }

        /** Every action of every service: {@code *} (or {@code *:*}), or a {@code NotAction}, which grows with AWS. */
        public boolean everyAction() {
            return notAction || actions.stream().anyMatch(IamPolicy::matchesEverything);
        }

        /** Every resource: {@code *}, or a {@code NotResource} (everything but the listed ones). */
        public boolean everyResource() {
            return notResource || resources.stream().anyMatch(r -> r.equals("*"));
        }

        /** The condition keys the statement tests (lower-cased: IAM condition keys are case-insensitive). */
        public List<String> conditionKeys() {
            var keys = new ArrayList<String>();
            conditions.values().forEach(byKey -> byKey.keySet().forEach(k -> keys.add(k.toLowerCase(Locale.ROOT))));
            return keys;
        }

        /** {@code statement <sid>: } for messages, or nothing when the statement has no Sid. */
        public String label() {
            return sid == null || sid.isBlank() ? "" : "statement " + sid + ": ";
        }
    }

    /**
     * What makes this policy administrator access, one line per offending Allow statement; empty when nothing does.
     * Counted: an Allow of every action ({@code *}, {@code *:*}, or any {@code NotAction}, which matches every action
     * not listed, present and future) on every resource ({@code *} or any {@code NotResource}), the CIS AWS
     * Foundations check "IAM policies that allow full *:* administrative privileges"; and an Allow that covers any of
     * {@link #SELF_ESCALATING_ACTIONS} on any resource (a user-scoped ARN may be the holder's own), which reaches the
     * same by one more call. A condition does not make either acceptable: it only says when the grant applies.
     */
    public List<String> administrativeAccess() {
        var found = new ArrayList<String>();
        for (Statement s : statements) {
            if (!s.allow()) {
                continue;
            }
            if (s.everyAction() && s.everyResource()) {
                found.add(s.label() + (s.notAction() ? "Allow with NotAction " + s.actions() + " grants every other action"
                        : "grants action " + s.actions()) + " on " + (s.notResource() ? "every resource but " + s.resources()
                        : "every resource (*)"));
                continue;
            }
            var escalating = SELF_ESCALATING_ACTIONS.stream().filter(s::covers).toList();
            if (!escalating.isEmpty()) {
                found.add(s.label() + "grants IAM actions that let the holder give itself any permission: " + escalating);
            }
        }
        return found;
    }

    /** Parses a policy document; throws {@link IllegalArgumentException} saying why it is not one. */
    public static IamPolicy parse(String json) {
        JsonElement root;
        try {
            root = JsonParser.parseString(json == null ? "" : json);
        } catch (JsonParseException e) {
            throw new IllegalArgumentException("not valid JSON (" + e.getMessage() + ")");
        }
        if (!root.isJsonObject() || !root.getAsJsonObject().has("Statement")) {
            throw new IllegalArgumentException("not a policy document: no Statement element");
        }
        JsonElement element = root.getAsJsonObject().get("Statement");
        var list = new ArrayList<Statement>();
        for (JsonElement s : element.isJsonArray() ? element.getAsJsonArray().asList() : List.of(element)) {
            if (!s.isJsonObject()) {
                throw new IllegalArgumentException("a Statement entry is not an object: " + s);
            }
            list.add(statement(s.getAsJsonObject()));
        }
        return new IamPolicy(List.copyOf(list));
    }

    private static Statement statement(JsonObject s) {
        String effect = text(s, "Effect");
        if (!"Allow".equals(effect) && !"Deny".equals(effect)) {
            throw new IllegalArgumentException("Effect must be Allow or Deny, got " + effect);
        }
        boolean notAction = s.has("NotAction");
        boolean notResource = s.has("NotResource");
        boolean notPrincipal = s.has("NotPrincipal");
        var principals = new LinkedHashMap<String, List<String>>();
        JsonElement principal = s.get(notPrincipal ? "NotPrincipal" : "Principal");
        if (principal != null && principal.isJsonPrimitive()) {
            principals.put(principal.getAsString(), List.of("*"));
        } else if (principal != null && principal.isJsonObject()) {
            principal.getAsJsonObject().entrySet().forEach(e -> principals.put(e.getKey(), strings(e.getValue())));
        }
        var conditions = new LinkedHashMap<String, Map<String, List<String>>>();
        JsonElement condition = s.get("Condition");
        if (condition != null && condition.isJsonObject()) {
            condition.getAsJsonObject().entrySet().forEach(op -> {
                var byKey = new LinkedHashMap<String, List<String>>();
                if (op.getValue().isJsonObject()) {
                    op.getValue().getAsJsonObject().entrySet().forEach(k -> byKey.put(k.getKey(), strings(k.getValue())));
                }
                conditions.put(op.getKey(), byKey);
            });
        }
        return new Statement(text(s, "Sid"), "Allow".equals(effect), principals, notPrincipal,
                strings(s.get(notAction ? "NotAction" : "Action")), notAction,
                strings(s.get(notResource ? "NotResource" : "Resource")), notResource, conditions);
    }

    /**
     * IAM's matching of an action pattern: {@code *} any run of characters, {@code ?} any one, case-insensitive
     * (action names are case-insensitive; IAM User Guide, "IAM JSON policy elements: Action").
     */
    public static boolean matches(String pattern, String value) {
        return glob(pattern.toLowerCase(Locale.ROOT), 0, value.toLowerCase(Locale.ROOT), 0);
    }

    private static boolean glob(String p, int i, String v, int j) {
        while (i < p.length()) {
            char c = p.charAt(i);
            if (c == '*') {
                for (int k = j; k <= v.length(); k++) {
                    if (glob(p, i + 1, v, k)) {
                        return true;
                    }
                }
                return false;
            }
            if (j >= v.length() || c != '?' && c != v.charAt(j)) {
                return false;
            }
            i++;
            j++;
        }
        return j == v.length();
    }

    /** {@code *}, {@code *:*} and the like: a pattern that is nothing but wildcards (and the service separator). */
    static boolean matchesEverything(String pattern) {
        return pattern.replace("*", "").replace(":", "").isEmpty() && pattern.contains("*");
    }


}
