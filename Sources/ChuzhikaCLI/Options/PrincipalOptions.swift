import ArgumentParser
import ChuzhikaCore

/// `--as STAFF`: who is acting. Every write is attributed to this person.
struct PrincipalOptions: ParsableArguments {
    @Option(name: .customLong("as"), help: "Your staff code (工号); what you write is recorded as yours.")
    var staff: String

    var id: StaffID { StaffID(rawValue: staff) }
}
