import ChuzhikaApp
import ChuzhikaCore

/// The one check of every command-line argument for control characters, before parsing: every
/// option that takes text a person types (`--reason`, `--note`, `--name`, `--text` …, and the
/// ones added later) is covered without a check of its own.
enum ArgumentText {
    /// The refusal of the first argument holding a control character, naming its option
    /// (`--reason`), or its place when it is not an option's value (`第 2 个参数`); nil when
    /// every argument is clean.
    static func refusal(_ arguments: [String]) -> AppError? {
        for (index, argument) in arguments.enumerated() {
            guard var found = TypedText.controlCharacter(in: argument) else { continue }
            // In `--reason=文字` the position is counted in the value, as the person typed it.
            if argument.hasPrefix("--"), let equals = argument.firstIndex(of: "="),
                let inValue = TypedText.controlCharacter(in: String(argument[argument.index(after: equals)...]))
            {
                found = inValue
            }
            return .controlCharacter(field: place(of: index, in: arguments), found)
        }
        return nil
    }

    /// `--reason` for `--reason 文字` and `--reason=文字`; otherwise the argument's position.
    static func place(of index: Int, in arguments: [String]) -> String {
        let argument = arguments[index]
        if argument.hasPrefix("--"), let equals = argument.firstIndex(of: "="),
            TypedText.controlCharacter(in: String(argument[..<equals])) == nil
        {
            return "选项 " + argument[..<equals]
        }
        if index > 0, arguments[index - 1].hasPrefix("-"), arguments[index - 1].count > 1,
            Double(arguments[index - 1]) == nil, TypedText.controlCharacter(in: arguments[index - 1]) == nil
        {
            return "选项 " + arguments[index - 1]
        }
        return "第 \(index + 1) 个参数"
    }
}
