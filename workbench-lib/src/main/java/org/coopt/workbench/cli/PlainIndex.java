package org.coopt.workbench.cli;

import picocli.CommandLine.ITypeConverter;

/**
 * An index given on the command line as plain decimal digits ({@code 0}, {@code 12}): picocli's default would
 * accept {@code +1}, {@code 01} or {@code ０} as well, so that two spellings could name one participant.
 */
final class PlainIndex implements ITypeConverter<Integer> {
    @Override
    public Integer convert(String value) {
        if (value == null || !value.matches("0|[1-9][0-9]{0,8}")) {
            throw new picocli.CommandLine.TypeConversionException("'" + value + "' is not a participant index; give a plain non-negative integer "
                    + "such as 0 or 3");
        }
        return Integer.parseInt(value);
    }
}
