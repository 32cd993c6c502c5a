package io.privatevault.plan.insights;

import io.privatevault.components.testing.Secret;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

/**
 * Finds secret-shaped strings in values that were not marked secret. Shapes, not entropy guesses, so a
 * finding names what it saw: PEM private keys, Vault tokens, AWS access key pairs.
 */
public final class SecretScanner {
    private static final Map<String, Pattern> SHAPES = new LinkedHashMap<>();

    static {
        SHAPES.put("PEM private key", Pattern.compile("-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY-----"));
        // Vault 1.10+ service/batch/recovery tokens, and the legacy "s." service token (24 base62 characters).
        SHAPES.put("Vault token", Pattern.compile("(?<![A-Za-z0-9])hv[sbr]\\.[A-Za-z0-9_-]{20,}"
                + "|(?<![A-Za-z0-9./])s\\.[A-Za-z0-9]{24}(?![A-Za-z0-9])"));
        SHAPES.put("AWS access key id", Pattern.compile("(?<![A-Z0-9])(?:AKIA|ASIA)[A-Z2-7]{16}(?![A-Z0-9])"));
    }

    /** 40 characters of the secret-key alphabet standing alone; mixed case and a digit rule out hex digests. */
    private static final Pattern AWS_SECRET_KEY = Pattern.compile("(?<![A-Za-z0-9/+])[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=])");
    /** Certificates and public keys are long base64 too; they are not secret, so they are cut out first. */
    private static final Pattern PUBLIC_PEM = Pattern.compile(
            "-----BEGIN (CERTIFICATE|PUBLIC KEY|X509 CRL|CERTIFICATE REQUEST)-----.*?-----END \\1-----", Pattern.DOTALL);
    private static final Pattern BASE64 = Pattern.compile("[A-Za-z0-9+/\\r\\n]+={0,2}");

    private static final int MAX_DECODED_BYTES = 16 << 20;

    private SecretScanner() {
    }

    /** The kinds of secret found in one string (base64 values, gzipped or not, are decoded and scanned too). */
    public static List<String> scan(String text) {
        List<String> kinds = new ArrayList<>(scanPlain(text));
        String decoded = decodeBase64Text(text);
        if (decoded != null) {
            scanPlain(decoded).stream().filter(k -> !kinds.contains(k)).forEach(k -> kinds.add(k + " (base64-encoded)"));
        }
        return kinds;
    }

    private static List<String> scanPlain(String text) {
        List<String> kinds = new ArrayList<>();
        SHAPES.forEach((kind, pattern) -> {
            if (pattern.matcher(text).find()) {
                kinds.add(kind);
            }
        });
        var matcher = AWS_SECRET_KEY.matcher(PUBLIC_PEM.matcher(text).replaceAll(""));
        while (matcher.find()) {
            String candidate = matcher.group();
            if (candidate.chars().anyMatch(Character::isUpperCase) && candidate.chars().anyMatch(Character::isLowerCase)
                    && candidate.chars().anyMatch(Character::isDigit)) {
                kinds.add("AWS secret access key");
                break;
            }
        }
        return kinds;
    }

    private static String decodeBase64Text(String text) {
        if (text.length() < 16 || !BASE64.matcher(text).matches()) {
            return null;
        }
        try {
            byte[] bytes = Base64.getMimeDecoder().decode(text);
            if (bytes.length > 2 && (bytes[0] & 0xff) == 0x1f && (bytes[1] & 0xff) == 0x8b) {
                // Gzipped user data (cloud-init accepts it, and launch templates use it to stay under 16 KB).
                try (var in = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
                    bytes = in.readNBytes(MAX_DECODED_BYTES);
                }
            }
            return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
        } catch (IllegalArgumentException | CharacterCodingException e) {
            return null;
        } catch (IOException e) {
            return null;
        }
    }

    /** Every (path, kind) in a value tree, skipping subtrees marked {@link Secret}. */
    public static List<String[]> scanTree(String root, Object value) {
        List<String[]> hits = new ArrayList<>();
        walk(root, value, hits);
        return hits;
    }

    private static void walk(String path, Object value, List<String[]> hits) {
        if (value instanceof Secret) {
            return;
        }
        if (value instanceof String s) {
            scan(s).forEach(kind -> hits.add(new String[]{path, kind}));
        } else if (value instanceof Map<?, ?> map) {
            map.forEach((k, v) -> walk(path.isEmpty() ? String.valueOf(k) : path + "." + k, v, hits));
        } else if (value instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                walk(path + "." + i, list.get(i), hits);
            }
        }
    }
}
