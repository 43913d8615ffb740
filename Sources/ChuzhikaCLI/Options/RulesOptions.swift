import ArgumentParser

/// `--rules DIR`: a rules folder instead of the default rules shipped inside czk.
struct RulesOptions: ParsableArguments {
    @Option(help: ArgumentHelp("规则文件夹（默认：czk 自带的规则）。", valueName: "文件夹"))
    var rules: String?
}
