import ArgumentParser
import ChuzhikaCore

/// `--as STAFF`: who is acting. Every write is attributed to this person.
struct PrincipalOptions: ParsableArguments {
    @Option(name: .customLong("as"), help: ArgumentHelp("您的工号；写入的内容记在您名下。", valueName: "工号"))
    var staff: String

    var id: StaffID { StaffID(rawValue: TypedText.normalized(staff)) }
}
