package dev.samlab.runner.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds keys a config gave that binding did not read. Jackson refuses unknown keys itself, except beside an
 * {@link dev.samlab.api.InlineKeys} group, where it passes every key it does not know to the group and drops those
 * the group does not know either: so the config as given is compared with the config as bound, written back with
 * every key it knows.
 */
final class UnreadKeys {

    private UnreadKeys() {}

    /** @throws ConfigException naming the first key of {@code given} that {@code bound} does not have */
    static void refuse(String path, JsonNode given, JsonNode bound) {
        if (given.isObject() && bound.isObject()) {
            for (var fields = given.fields(); fields.hasNext(); ) {
                var field = fields.next();
                String key = ConfigErrors.join(path, field.getKey());
                JsonNode read = bound.get(field.getKey());
                if (read == null) {
                    List<String> known = new ArrayList<>();
                    bound.fieldNames().forEachRemaining(known::add);
                    throw ConfigErrors.unknownKey(key, field.getKey(), known);
                }
                refuse(key, field.getValue(), read);
            }
        } else if (given.isArray() && bound.isArray() && given.size() == bound.size()) {
            for (int i = 0; i < given.size(); i++) {
                refuse(path + "[" + i + "]", given.get(i), bound.get(i));
            }
        }
    }
}
