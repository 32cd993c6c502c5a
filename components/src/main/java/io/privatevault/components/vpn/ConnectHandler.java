package io.privatevault.components.vpn;

import com.google.gson.Gson;
import io.privatevault.components.support.PhysicalNames;
import io.privatevault.components.support.PolicyDocument;
import io.privatevault.components.support.PolicyDocument.Statement;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.TreeSet;

/**
 * The client connect handler: a Node.js Lambda whose code never changes; its allow-list is a JSON file packaged
 * beside it ({@link #NAMES_FILE}), so it scales to any number of engineers (Lambda environments stop at 4 KB) and
 * the rendered source carries no names.
 */
public final class ConnectHandler {
    /** Client VPN only invokes functions whose name starts with this (AWS "Connection authorization"). */
    public static final String NAME_PREFIX = "AWSClientVPN-";
    public static final String FILE = "index.js";
    public static final String HANDLER = "index.handler";
    public static final String RUNTIME = "nodejs22.x";
    /** The allow-list file in the function's archive: {"allowed": [...], "revoked": [...]}. */
    public static final String NAMES_FILE = "names.json";

    private ConnectHandler() {
    }

    public static String source() {
        try (InputStream in = ConnectHandler.class.getResourceAsStream("connect-handler.js")) {
            if (in == null) {
                throw new IllegalStateException("connect-handler.js is missing from the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Lambda's limit on a function name. */
    static final int FUNCTION_NAME_LIMIT = 64;

    /**
     * {@code AWSClientVPN-<scoped>-connect}, where {@code scoped} is the component's stack-scoped name
     * ({@code <project>-<stack>-<component>}, see support/PhysicalNames): Client VPN invokes only functions with that
     * prefix, and function names are unique per account and region, so the name carries the project and stack. Longer
     * than Lambda's 64 characters, it is shortened with a hash of the whole name.
     */
    public static String functionName(String scopedName) {
        return PhysicalNames.fit(NAME_PREFIX + scopedName + "-connect", FUNCTION_NAME_LIMIT);
    }

    /** Trust policy letting only Lambda assume the handler's role. */
    public static String trustPolicy() {
        return PolicyDocument.of(Statement.assumeRoleBy("LambdaAssumesHandlerRole", "lambda.amazonaws.com").build()).toJson();
    }

    /** The allow-list file's content: sorted common names of current and revoked engineers. */
    public static String names(List<String> allowed, List<String> revoked) {
        var names = new LinkedHashMap<String, Object>();
        names.put("allowed", new TreeSet<>(allowed));
        names.put("revoked", new TreeSet<>(revoked));
        return new Gson().toJson(names);
    }
}
