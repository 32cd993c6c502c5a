package io.privatevault.stack;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;

import java.io.IOException;
import java.time.Duration;
import java.util.regex.Pattern;

/** Value types of the settings that are written as text in the stack file (e.g. a TTL {@code 15m}). */
final class SettingValues {
    private SettingValues() {
    }

    /** A value that has the right JSON type but not an allowed form; the reader reports it on the field. */
    static final class InvalidValue extends JsonMappingException {
        private final transient Object value;
        private final String allowed;

        InvalidValue(JsonParser parser, Object value, String allowed) {
            super(parser, "must be " + allowed);
            this.value = value;
            this.allowed = allowed;
        }

        Object value() {
            return value;
        }

        String allowed() {
            return allowed;
        }
    }

    /** A positive duration with one unit, as Vault writes TTLs: {@code 90s}, {@code 15m}, {@code 1h}, {@code 7d}. */
    static final class Ttl extends StdDeserializer<Duration> {
        private static final Pattern FORM = Pattern.compile("(\\d{1,9})([smhd])");

        Ttl() {
            super(Duration.class);
        }

        @Override
        public Duration deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            String text = parser.getValueAsString();
            var m = text == null ? null : FORM.matcher(text);
            if (m == null || !m.matches() || Long.parseLong(m.group(1)) == 0) {
                throw new InvalidValue(parser, text != null ? text : parser.getText(), "a positive duration such as 90s, 15m, 1h or 7d");
            }
            long amount = Long.parseLong(m.group(1));
            return switch (m.group(2)) {
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                case "h" -> Duration.ofHours(amount);
                default -> Duration.ofDays(amount);
            };
        }
    }
}
