import ChuzhikaApp
import ChuzhikaCore
import ChuzhikaStore
import ChuzhikaTestSupport
import Testing

/// The write path posts from balances and values read for hundreds of subjects at once
/// (`postingReads`); what it reads must be exactly what the one-key reads answer, or a posting
/// would reverse the wrong amount — on both engines.
@Suite struct PostingReadsTests {
    @Test func theBulkReadAnswersWhatEachKeyReadAnswers() throws {
        let app = try TestSchool.makeGraded()
        // A per-session point (several values a key), a weekly rate and a class's own record too.
        for (student, session) in [("S11", 1), ("S11", 2), ("S12", 1)] {
            _ = try app.record(TestSchool.draft("K1", "academic.punctuality", student, "是", on: "2025-10-13", session: session, course: "K"))
        }
        _ = try app.record(TestSchool.draft("H1", "academic.full_attendance", "S13", "85", on: "2025-10-17"))
        let semesters = TestSchool.calendar.semesters.map(\.id)
        try app.database.read { session in
            let keys = try session.scoredKeys(in: semesters)
            let subjects = Array(Set(keys.map(\.0))) + [.student(StudentID(rawValue: "S21"))]
            let reads = try session.postingReads(subjects, semesters: semesters)
            #expect(!keys.isEmpty)
            #expect(reads.values.values.contains { $0.count > 1 }, "a key with several values")
            let all = Set(keys.map { PostingKey(subject: $0.0, point: $0.1, semester: $0.2) })
                .union(reads.balances.keys).union(reads.values.keys)
            for key in all {
                let balances = try session.balances(key.subject, key.point, semester: key.semester)
                #expect((reads.balances[key] ?? [:]) == balances, "\(key)")
                let values = try session.liveValues(key.subject, key.point, semester: key.semester)
                let bulk = reads.values[key] ?? []
                #expect(bulk.map(\.id) == values.map(\.0), "\(key): the same records, oldest first")
                #expect(bulk.map(\.value.text) == values.map(\.1.text), "\(key)")
            }
            // A subject with nothing recorded reads as nothing, not as an error.
            #expect(!reads.balances.keys.contains { $0.subject == .student(StudentID(rawValue: "S21")) })
        }
    }
}
