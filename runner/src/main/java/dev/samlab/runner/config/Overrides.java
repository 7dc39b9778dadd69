package dev.samlab.runner.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/** Applies {@code --set a.b.c=value} to a config tree before it is bound. */
final class Overrides {

    private Overrides() {}

    /** @param yaml parses each value as YAML, so {@code 0.1} is a number, {@code true} a boolean, {@code [1,2]} a list */
    static void apply(ObjectNode root, List<String> assignments, ObjectMapper yaml) {
        for (String assignment : assignments) {
            int equals = assignment.indexOf('=');
            if (equals <= 0) {
                throw new ConfigException("--set " + assignment, "expected key=value, such as optimizer.lr=0.01");
            }
            String key = assignment.substring(0, equals).strip();
            String[] parts = key.split("\\.", -1);
            ObjectNode section = root;
            for (int i = 0; i < parts.length - 1; i++) {
                JsonNode child = section.get(parts[i]);
                if (child == null || child.isNull()) {
                    section = section.putObject(parts[i]);
                } else if (child instanceof ObjectNode object) {
                    section = object;
                } else {
                    throw new ConfigException(
                            "--set " + key,
                            String.join(".", List.of(parts).subList(0, i + 1)) + " is a value (" + child
                                    + "), not a section with keys");
                }
            }
            if (parts[parts.length - 1].isEmpty()) {
                throw new ConfigException("--set " + assignment, "the key has an empty part");
            }
            section.set(parts[parts.length - 1], parseValue(key, assignment.substring(equals + 1), yaml));
        }
    }

    private static JsonNode parseValue(String key, String text, ObjectMapper yaml) {
        if (text.isBlank()) {
            throw new ConfigException(
                    "--set " + key,
                    "no value after '='; give one, such as " + key + "=3, or " + key + "=null for the default");
        }
        try {
            JsonNode value = yaml.readTree(text);
            return value == null || value.isMissingNode() ? yaml.nullNode() : value;
        } catch (JsonProcessingException e) {
            throw new ConfigException("--set " + key, "cannot read value '" + text + "': " + e.getOriginalMessage());
        }
    }
}
