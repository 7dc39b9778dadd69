package dev.samlab.runner.config;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.cfg.MapperConfig;
import com.fasterxml.jackson.databind.introspect.Annotated;
import com.fasterxml.jackson.databind.introspect.AnnotatedMember;
import com.fasterxml.jackson.databind.introspect.JacksonAnnotationIntrospector;
import com.fasterxml.jackson.databind.util.NameTransformer;
import dev.samlab.api.InlineKeys;

/**
 * Reads a config record's {@link InlineKeys} component from the record's own level and writes it back there, as
 * Jackson's {@code @JsonUnwrapped} would: plugins compile against {@code api} alone, which has no Jackson. Keys the
 * component marks {@link InlineKeys.Refused} are read (for the record to refuse) but never written.
 */
final class InlineKeysIntrospector extends JacksonAnnotationIntrospector {

    @Override
    public NameTransformer findUnwrappingNameTransformer(AnnotatedMember member) {
        return InlineKeys.class.isAssignableFrom(member.getRawType())
                ? NameTransformer.NOP
                : super.findUnwrappingNameTransformer(member);
    }

    @Override
    public JsonIgnoreProperties.Value findPropertyIgnoralByName(MapperConfig<?> config, Annotated annotated) {
        InlineKeys.Refused refused = annotated.getAnnotation(InlineKeys.Refused.class);
        return refused == null
                ? super.findPropertyIgnoralByName(config, annotated)
                : JsonIgnoreProperties.Value.forIgnoredProperties(refused.value())
                        .withAllowSetters();
    }
}
