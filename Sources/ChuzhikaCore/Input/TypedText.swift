/// What people type, read the same way everywhere: on the command line and in every sheet.
public enum TypedText {
    /// The text with full-width ASCII (`８８`, `２０２５－１０－２２`, `９５％`, what Chinese input
    /// methods type) turned into its ASCII form, the ideographic space into a space, and
    /// surrounding spaces trimmed. Chinese characters are left as they are.
    public static func normalized(_ text: String) -> String {
        // ASCII has no full-width forms to fold (most of a sheet: codes, dates, numbers).
        if text.utf8.allSatisfy({ $0 < 0x80 }) { return text.trimmingSpaces }
        var scalars = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0xFF01...0xFF5E: scalars.append(Unicode.Scalar(scalar.value - 0xFEE0)!)  // in ASCII range: always valid
            case 0x3000: scalars.append(" ")
            case 0x2212: scalars.append("-")  // the minus sign some keyboards and Excel produce
            default: scalars.append(scalar)
            }
        }
        return String(scalars).trimmingSpaces
    }

    /// A whole number as typed, full-width digits included; nil when it is not one.
    public static func integer(_ text: String) -> Int? { Int(normalized(text)) }
}
