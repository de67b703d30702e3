package org.coopt.workbench.cli;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Every floating-point option of every command ({@link Main} registers it for {@code double} and {@link Double}):
 * a finite decimal number. {@code NaN}, {@code Infinity} and values that overflow a double ({@code 1e999}) are
 * refused naming the text the user typed, so no option ever runs with a NaN or an infinite setting; the range
 * each option needs (λ ≥ 0, a fraction in (0, 1], ...) is checked by its command.
 */
final class FiniteNumber implements ITypeConverter<Double> {
    @Override
    public Double convert(String value) {
        double v;
        try {
            v = Double.parseDouble(value.trim());
        } catch (NumberFormatException e) {
            throw new TypeConversionException("'" + value + "' is not a number");
        }
        if (!Double.isFinite(v)) {
            throw new TypeConversionException("'" + value + "' is not a finite number; give a decimal number such as 0.5");
        }
        return v;
    }
}
