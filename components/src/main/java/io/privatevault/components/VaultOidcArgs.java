package io.privatevault.components;

import com.pulumi.core.Output;
import com.pulumi.core.annotations.Import;
import com.pulumi.resources.ResourceArgs;
import io.privatevault.components.support.Problems;

import java.util.List;
import java.util.Map;

/**
 * Human login through an OIDC identity provider (off unless given). Each IdP group in {@link #groupPolicies}
 * becomes an OIDC role of the same name that only members of that group can use, carrying exactly its policies:
 * {@code vault login -method=oidc -path=oidc role=<group>}.
 */
public final class VaultOidcArgs extends ResourceArgs {
    /** Required. The IdP's issuer / discovery URL (https). */
    @Import(name = "discoveryUrl", required = true)
    private String discoveryUrl;

    /** Required. OIDC client id. */
    @Import(name = "clientId", required = true)
    private String clientId;

    /** Required, secret. OIDC client secret. */
    @Import(name = "clientSecret", required = true)
    private Output<String> clientSecret;

    /** Required. Redirect URIs registered at the IdP, e.g. {@code https://vault.tooling.internal:8200/ui/vault/auth/oidc/oidc/callback}. */
    @Import(name = "allowedRedirectUris", required = true)
    private List<String> allowedRedirectUris;

    /** Required. IdP group name -> Vault policies its members get (e.g. {@code platform-admins: [admin]}). */
    @Import(name = "groupPolicies", required = true)
    private Map<String, List<String>> groupPolicies;

    /** Claim holding the user's groups. Default {@code groups}. */
    @Import(name = "groupsClaim")
    private String groupsClaim;

    /** Claim naming the user (the entity alias, shown in audit logs). Default {@code email}. */
    @Import(name = "userClaim")
    private String userClaim;

    /** Token lifetime in seconds. Default 3600: a human session, renewable up to 8 h. */
    @Import(name = "tokenTtlSeconds")
    private Integer tokenTtlSeconds;

    private VaultOidcArgs() {
    }

    public String discoveryUrl() {
        return discoveryUrl;
    }

    public String clientId() {
        return clientId;
    }

    public Output<String> clientSecret() {
        return clientSecret;
    }

    public List<String> allowedRedirectUris() {
        return allowedRedirectUris;
    }

    public Map<String, List<String>> groupPolicies() {
        return groupPolicies;
    }

    public String groupsClaim() {
        return groupsClaim == null ? "groups" : groupsClaim;
    }

    public String userClaim() {
        return userClaim == null ? "email" : userClaim;
    }

    public int tokenTtlSeconds() {
        return tokenTtlSeconds == null ? 3600 : tokenTtlSeconds;
    }

    /** Maximum token lifetime: a working day. */
    public int tokenMaxTtlSeconds() {
        return Math.max(28800, tokenTtlSeconds());
    }

    void validate(Problems p) {
        p.require(discoveryUrl != null && discoveryUrl.startsWith("https://"), "discoveryUrl", discoveryUrl, "an https:// URL");
        p.nonEmpty("clientId", clientId);
        p.require(clientSecret != null, "clientSecret", null, "set (a secret)");
        p.require(allowedRedirectUris != null && !allowedRedirectUris.isEmpty()
                        && allowedRedirectUris.stream().allMatch(u -> u.startsWith("https://") || u.startsWith("http://localhost:8250/")),
                "allowedRedirectUris", allowedRedirectUris, "https:// URIs (or the CLI's http://localhost:8250/oidc/callback)");
        if (p.require(groupPolicies != null && !groupPolicies.isEmpty(), "groupPolicies", groupPolicies,
                "at least one IdP group mapped to policies")) {
            groupPolicies.forEach((group, policies) -> {
                p.safeName("groupPolicies key", group);
                p.require(policies != null && !policies.isEmpty(), "groupPolicies." + group, policies, "at least one policy");
            });
        }
        p.between("tokenTtlSeconds", tokenTtlSeconds(), 300, 28800);
    }

    public static Builder builder() {
        return new Builder();
    }

    public static final class Builder {
        private final VaultOidcArgs args = new VaultOidcArgs();

        public Builder discoveryUrl(String value) {
            args.discoveryUrl = value;
            return this;
        }

        public Builder clientId(String value) {
            args.clientId = value;
            return this;
        }

        public Builder clientSecret(Output<String> value) {
            args.clientSecret = value;
            return this;
        }

        public Builder allowedRedirectUris(List<String> value) {
            args.allowedRedirectUris = List.copyOf(value);
            return this;
        }

        public Builder groupPolicies(Map<String, List<String>> value) {
            args.groupPolicies = Map.copyOf(value);
            return this;
        }

        public Builder groupsClaim(String value) {
            args.groupsClaim = value;
            return this;
        }

        public Builder userClaim(String value) {
            args.userClaim = value;
            return this;
        }

        public Builder tokenTtlSeconds(int value) {
            args.tokenTtlSeconds = value;
            return this;
        }

        public VaultOidcArgs build() {
            var problems = Problems.of("VaultOidcArgs");
            args.validate(problems);
            problems.orThrow();
            return args;
        }
    }
}
