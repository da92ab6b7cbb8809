package io.seedrpc.codec;

import tools.jackson.databind.DatabindContext;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.jsontype.PolymorphicTypeValidator;

/**
 * Lets Jackson resolve a class id found in JSON only to a class in the {@link TypeAllowlist}. Jackson asks this
 * only for class-name type ids, which appear when a data type opts in with
 * {@code @JsonTypeInfo(use = Id.CLASS)}; the codec itself never enables default typing.
 */
final class AllowlistTypeValidator extends PolymorphicTypeValidator.Base {

    private static final long serialVersionUID = 1L;

    // Not serializable, and need not be: a mapper is never sent anywhere, so Jackson's Serializable is moot here.
    private final TypeAllowlist allowlist;

    AllowlistTypeValidator(TypeAllowlist allowlist) {
        this.allowlist = allowlist;
    }

    @Override
    public Validity validateSubClassName(DatabindContext ctxt, JavaType baseType, String subClassName) {
        return allowlist.isAllowed(subClassName) ? Validity.ALLOWED : Validity.DENIED;
    }

    @Override
    public Validity validateSubType(DatabindContext ctxt, JavaType baseType, JavaType subType) {
        return allowlist.isAllowed(subType.getRawClass()) ? Validity.ALLOWED : Validity.DENIED;
    }
}
