import ChuzhikaCore
import ChuzhikaStore
import ChuzhikaTestSupport
import Testing

/// Several points' live values read in one query (a counselor's card lists the 心理 points this
/// way), on the engine the tests run on: a superseded value, another semester's and another
/// student's stay out; a point never recorded is missing.
@Suite struct LiveValuesTests {
    func record(_ point: String, _ student: String, period: String, semester: String, _ value: Double,
                supersedes: RecordID? = nil) -> Record {
        Record(subject: .student(StudentID(rawValue: student)), point: PointID(rawValue: point),
               periodKey: period, semester: SemesterID(rawValue: semester),
               value: RecordValue(number: value), date: LocalDate("2025-12-01")!, recordedBy: StaffID(rawValue: "F1"),
               recordedAt: "2025-12-01T08:00:00Z", source: .commandLine, supersedes: supersedes,
               reason: supersedes == nil ? nil : "复核")
    }

    @Test func eachPointsLiveValuesOfTheSemesterInTheOrderRecorded() throws {
        let db = try TestStores.fresh()
        try db.write { session in
            try session.insert(TestSchool.roster)
            try session.insert(TestSchool.calendar)
            let first = try session.insert(record("personal.counseling", "S11", period: "2025-11", semester: "2025-2026-1", 2))
            _ = try session.insert(record("personal.counseling", "S11", period: "2025-11", semester: "2025-2026-1", 4, supersedes: first))
            _ = try session.insert(record("personal.counseling", "S11", period: "2025-10", semester: "2025-2026-1", 1))
            _ = try session.insert(record("personal.psych_screening", "S11", period: "2025-2026-1", semester: "2025-2026-1", 15))
            _ = try session.insert(record("personal.counseling", "S11", period: "2026-03", semester: "2025-2026-2", 9))
            _ = try session.insert(record("personal.counseling", "S12", period: "2025-11", semester: "2025-2026-1", 7))
        }
        let points = ["personal.counseling", "personal.psych_screening", "personal.psych_key_item"].map(PointID.init(rawValue:))
        let values = try db.read {
            try $0.liveValues(.student(StudentID(rawValue: "S11")), points: points, semester: SemesterID(rawValue: "2025-2026-1"))
        }
        #expect(values[points[0]]?.map(\.number) == [4, 1])
        #expect(values[points[1]]?.map(\.number) == [15])
        #expect(values[points[2]] == nil)
        #expect(try db.read { try $0.liveValues(.student(StudentID(rawValue: "S11")), points: [], semester: SemesterID(rawValue: "2025-2026-1")) }.isEmpty)
    }
}
