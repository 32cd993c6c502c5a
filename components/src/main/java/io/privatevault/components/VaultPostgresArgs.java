package io.privatevault.components;

import com.pulumi.core.Output;
import com.pulumi.core.annotations.Import;
import com.pulumi.resources.ResourceArgs;
import io.privatevault.components.support.Problems;

import java.util.List;

/**
 * A tenant's PostgreSQL database, for dynamic credentials from Vault's database engine. Vault connects as a
 * dedicated admin user (not the master user) that may create roles and grant on the tenant's schema.
 */
public final class VaultPostgresArgs extends ResourceArgs {
    /** Required. Database host name, e.g. the RDS endpoint. */
    @Import(name = "host", required = true)
    private String host;

    /** Port. Default 5432. */
    @Import(name = "port")
    private Integer port;

    /** Required. Database name. */
    @Import(name = "database", required = true)
    private String database;

    /** Required. The dedicated admin user Vault connects as (e.g. {@code vault_admin}); rotate it with {@code rotate-root}. */
    @Import(name = "username", required = true)
    private String username;

    /** Required, secret. The admin user's initial password; Vault owns it after the first {@code rotate-root}. */
    @Import(name = "password", required = true)
    private Output<String> password;

    /**
     * libpq {@code sslmode}. Default {@code verify-full}: the connection is encrypted and the server name checked
     * (for RDS give {@link #tlsCaPem} the RDS CA bundle). Allowed: verify-full, verify-ca, require.
     */
    @Import(name = "sslMode")
    private String sslMode;

    /** PEM of the CA that signed the database's certificate (e.g. the RDS bundle). Default: the node's trust store. */
    @Import(name = "tlsCaPem")
    private Output<String> tlsCaPem;

    /**
     * Statements run after {@code CREATE ROLE}, with {@code {{name}}} for the new role. Default: read/write on
     * all tables and use of sequences in schema {@code public} - what a typical application needs, no DDL.
     */
    @Import(name = "grantStatements")
    private List<String> grantStatements;

    /** Default lease of issued credentials in seconds. Default 3600 (1 h). */
    @Import(name = "defaultTtlSeconds")
    private Integer defaultTtlSeconds;

    /** Maximum lease of issued credentials in seconds. Default 86400 (24 h). */
    @Import(name = "maxTtlSeconds")
    private Integer maxTtlSeconds;

    private VaultPostgresArgs() {
    }

    public String host() {
        return host;
    }

    public int port() {
        return port == null ? 5432 : port;
    }

    public String database() {
        return database;
    }

    public String username() {
        return username;
    }

    public Output<String> password() {
        return password;
    }

    public String sslMode() {
        return sslMode == null ? "verify-full" : sslMode;
    }

    public Output<String> tlsCaPem() {
        return tlsCaPem;
    }

    public List<String> grantStatements() {
        return grantStatements == null ? List.of(
                "GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO \"{{name}}\";",
                "GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO \"{{name}}\";") : grantStatements;
    }

    public int defaultTtlSeconds() {
        return defaultTtlSeconds == null ? 3600 : defaultTtlSeconds;
    }

    public int maxTtlSeconds() {
        return maxTtlSeconds == null ? 86400 : maxTtlSeconds;
    }

    void validate(Problems p) {
        p.require(host != null && host.matches("[A-Za-z0-9.-]{1,253}"), "host", host, "a DNS name or IPv4 address");
        p.between("port", port(), 1, 65535);
        p.require(database != null && database.matches("[A-Za-z_][A-Za-z0-9_$-]{0,62}"), "database", database, "a PostgreSQL database name");
        p.require(username != null && username.matches("[a-z_][a-z0-9_]{0,62}"), "username", username,
                "a lower-case PostgreSQL user name (the dedicated admin user Vault connects as)");
        p.require(password != null, "password", null, "set (a secret)");
        p.require(List.of("verify-full", "verify-ca", "require").contains(sslMode()), "sslMode", sslMode,
                "verify-full, verify-ca or require (never disable/allow/prefer: credentials would cross the network in clear)");
        if (p.require(defaultTtlSeconds() >= 60, "defaultTtlSeconds", defaultTtlSeconds(), "at least 60")) {
            p.compare(maxTtlSeconds() >= defaultTtlSeconds(), "maxTtlSeconds", maxTtlSeconds(),
                    "at least defaultTtlSeconds (" + defaultTtlSeconds() + ")", "defaultTtlSeconds");
        }
        p.require(grantStatements().stream().allMatch(s -> s.contains("{{name}}")), "grantStatements", grantStatements(),
                "statements that each name the new role as {{name}}");
    }

    public static Builder builder() {
        return new Builder();
    }

    public static final class Builder {
        private final VaultPostgresArgs args = new VaultPostgresArgs();

        public Builder host(String value) {
            args.host = value;
            return this;
        }

        public Builder port(int value) {
            args.port = value;
            return this;
        }

        public Builder database(String value) {
            args.database = value;
            return this;
        }

        public Builder username(String value) {
            args.username = value;
            return this;
        }

        public Builder password(Output<String> value) {
            args.password = value;
            return this;
        }

        public Builder sslMode(String value) {
            args.sslMode = value;
            return this;
        }

        public Builder tlsCaPem(Output<String> value) {
            args.tlsCaPem = value;
            return this;
        }

        public Builder grantStatements(List<String> value) {
            args.grantStatements = List.copyOf(value);
            return this;
        }

        public Builder defaultTtlSeconds(int value) {
            args.defaultTtlSeconds = value;
            return this;
        }

        public Builder maxTtlSeconds(int value) {
            args.maxTtlSeconds = value;
            return this;
        }

        public VaultPostgresArgs build() {
            var problems = Problems.of("VaultPostgresArgs");
            args.validate(problems);
            problems.orThrow();
            return args;
        }
    }
}
