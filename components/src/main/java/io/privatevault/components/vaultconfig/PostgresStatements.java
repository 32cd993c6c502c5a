package io.privatevault.components.vaultconfig;

import java.util.ArrayList;
import java.util.List;

/** SQL the database engine runs for each dynamic PostgreSQL user. */
public final class PostgresStatements {
    /** The role Vault creates: a login that expires with the lease even if Vault never gets to revoke it. */
    public static final String CREATE_ROLE =
            "CREATE ROLE \"{{name}}\" WITH LOGIN PASSWORD '{{password}}' VALID UNTIL '{{expiration}}';";

    private PostgresStatements() {
    }

    public static List<String> creation(List<String> grants) {
        var statements = new ArrayList<String>();
        statements.add(CREATE_ROLE);
        statements.addAll(grants);
        return List.copyOf(statements);
    }

    /** Removes the grants before the role, since PostgreSQL refuses to drop a role that still holds privileges. */
    public static List<String> revocation() {
        return List.of(
                "REVOKE ALL PRIVILEGES ON ALL TABLES IN SCHEMA public FROM \"{{name}}\";",
                "REVOKE ALL PRIVILEGES ON ALL SEQUENCES IN SCHEMA public FROM \"{{name}}\";",
                "REVOKE USAGE ON SCHEMA public FROM \"{{name}}\";",
                "DROP ROLE IF EXISTS \"{{name}}\";");
    }

    /** {@code postgresql://{{username}}:{{password}}@host:port/db?sslmode=...}: Vault fills in the credentials itself. */
    public static String connectionUrl(String host, int port, String database, String sslMode) {
        return "postgresql://{{username}}:{{password}}@" + host + ":" + port + "/" + database + "?sslmode=" + sslMode;
    }
}
