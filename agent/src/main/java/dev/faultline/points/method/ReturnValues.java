// SPDX-License-Identifier: Apache-2.0
package dev.faultline.points.method;

import dev.faultline.core.SpecException;

/** Turns the {@code value} of a {@code return} fault into a value of the method's return type. */
final class ReturnValues {
    private ReturnValues() {}

    static Object convert(String value, String type, String field) {
        if (type.equals("void")) {
            return null;
        }
        boolean primitive = !type.contains(".");
        if (value == null) {
            if (primitive) {
                throw SpecException.field(
                        field, "null cannot be returned from a method returning " + type);
            }
            return null;
        }
        try {
            switch (type) {
                case "int":
                case "java.lang.Integer":
                    return Integer.valueOf(value);
                case "long":
                case "java.lang.Long":
                    return Long.valueOf(value);
                case "short":
                case "java.lang.Short":
                    return Short.valueOf(value);
                case "byte":
                case "java.lang.Byte":
                    return Byte.valueOf(value);
                case "double":
                case "java.lang.Double":
                    return Double.valueOf(value);
                case "float":
                case "java.lang.Float":
                    return Float.valueOf(value);
                case "boolean":
                case "java.lang.Boolean":
                    if (!value.equals("true") && !value.equals("false")) {
                        throw new NumberFormatException(value);
                    }
                    return Boolean.valueOf(value);
                case "char":
                case "java.lang.Character":
                    if (value.length() != 1) {
                        throw new NumberFormatException(value);
                    }
                    return value.charAt(0);
                case "java.lang.String":
                case "java.lang.Object":
                case "java.lang.CharSequence":
                    return value;
                default:
                    throw SpecException.field(
                            field,
                            "'" + value + "' cannot be returned as " + type + "; only null can");
            }
        } catch (NumberFormatException e) {
            throw SpecException.field(field, "'" + value + "' is not a " + type);
        }
    }
}
