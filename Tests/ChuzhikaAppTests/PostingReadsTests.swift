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
            let reads = try session.postingReads(subjects, semesters: semesters, points: nil)
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

    /// A sheet reads only its own points back: what it reads of them is what the whole read has.
    @Test func readingSomePointsAnswersExactlyThoseKeys() throws {
        let app = try TestSchool.makeGraded()
        for (student, session) in [("S11", 1), ("S12", 1)] {
            _ = try app.record(TestSchool.draft("K1", "academic.punctuality", student, "是", on: "2025-10-13", session: session, course: "K"))
        }
        _ = try app.record(TestSchool.draft("H1", "academic.full_attendance", "S11", "85", on: "2025-10-17"))
        let semesters = TestSchool.calendar.semesters.map(\.id)
        let punctuality = PointID(rawValue: "academic.punctuality")
        try app.database.read { session in
            let subjects: [Subject] = [.student(StudentID(rawValue: "S11")), .student(StudentID(rawValue: "S12"))]
            let all = try session.postingReads(subjects, semesters: semesters, points: nil)
            let some = try session.postingReads(subjects, semesters: semesters, points: [punctuality])
            #expect(Set(all.values.keys.map(\.point)).count > 1, "the whole read has other points too")
            #expect(Set(some.values.keys.map(\.point)) == [punctuality])
            #expect(some.values.keys.count == 2)
            for (key, values) in some.values { #expect(values.map(\.id) == all.values[key]?.map(\.id)) }
            for (key, balances) in some.balances { #expect(balances == all.balances[key]) }
            #expect(!some.balances.isEmpty)
            // A point no record has used yet reads as nothing.
            #expect(try session.postingReads(subjects, semesters: semesters, points: [PointID(rawValue: "career.none")]).values.isEmpty)
        }
    }

    /// A sheet's students in one read: who they are, and when and why any of them left.
    @Test func manyStudentsAreReadWithWhenTheyLeft() throws {
        let app = try TestSchool.makeGraded()
        try app.database.write { session in
            try session.apply([RosterChange(.endStudent(StudentID(rawValue: "S13"), on: LocalDate("2026-04-01")!, reason: "退学"),
                                            kind: .students, action: .ended, code: "S13", name: "王五", detail: "退学", line: 2)],
                              source: "test", by: "A1", at: "2026-03-14T12:00:00Z")
        }
        try app.database.read { session in
            let codes = ["S11", "S13", "S21", "nobody", "S11"].map { StudentID(rawValue: $0) }
            let found = try session.studentsWithEnds(codes)
            #expect(Set(found.keys.map(\.rawValue)) == ["S11", "S13", "S21"], "an unknown code is absent")
            for code in ["S11", "S13", "S21"].map({ StudentID(rawValue: $0) }) {
                #expect(found[code]?.student == (try session.student(code)))
                #expect(found[code]?.end?.day == (try session.studentEnd(code))?.day)
                #expect(found[code]?.end?.reason == (try session.studentEnd(code))?.reason)
            }
            #expect(found[StudentID(rawValue: "S13")]?.end?.reason == "退学")
            #expect(found[StudentID(rawValue: "S11")]?.end == nil)
        }
    }
}
