package dev.samlab.runner.config;

import com.fasterxml.jackson.databind.introspect.AnnotatedMember;
import com.fasterxml.jackson.databind.introspect.JacksonAnnotationIntrospector;
import com.fasterxml.jackson.databind.util.NameTransformer;
import dev.samlab.api.InlineKeys;

/**
 * Reads a config record's {@link InlineKeys} component from the record's own level and writes it back there, as
 * Jackson's {@code @JsonUnwrapped} would: plugins compile against {@code api} alone, which has no Jackson.
 */
final class InlineKeysIntrospector extends JacksonAnnotationIntrospector {

    @Override
    public NameTransformer findUnwrappingNameTransformer(AnnotatedMember member) {
        return InlineKeys.class.isAssignableFrom(member.getRawType())
                ? NameTransformer.NOP
                : super.findUnwrappingNameTransformer(member);
    }
}
