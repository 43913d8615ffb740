/// A student's 调班 (change of class) on a day, as the roster's append-only trail keeps it.
public struct ClassMove: Hashable, Codable, Sendable {
    public let student: StudentID
    public let from: ClassID
    public let to: ClassID
    /// The first day in the new class.
    public let on: LocalDate

    public init(student: StudentID, from: ClassID, to: ClassID, on: LocalDate) {
        self.student = student
        self.from = from
        self.to = to
        self.on = on
    }

    /// The trail's words for the move: `班级 WL2401 → RJ2401（2026-03-02）`.
    public var detail: String { "班级 \(from.rawValue) → \(to.rawValue)（\(on)）" }

    /// Reads a move back from the trail: the student's 学号 and the ``detail`` written then.
    public init?(student code: String, detail: String) {
        let arrow = " → "
        guard detail.hasPrefix("班级 "), detail.hasSuffix("）"), let open = detail.lastIndex(of: "（"),
            let day = LocalDate(String(detail[detail.index(after: open)..<detail.index(before: detail.endIndex)]))
        else { return nil }
        let classes = detail[detail.index(detail.startIndex, offsetBy: 3)..<open].components(separatedBy: arrow)
        guard classes.count == 2, !classes[0].isEmpty, !classes[1].isEmpty else { return nil }
        self.init(student: StudentID(rawValue: code), from: ClassID(rawValue: classes[0]), to: ClassID(rawValue: classes[1]), on: day)
    }
}

/// Who was in which class on a given day, from today's roster and the dated moves since.
///
/// The roster holds each student's class as it is now; the trail of moves says where they were
/// before. A class card of a past semester counts the members of that semester.
public struct ClassMembership: Sendable {
    /// Per student, their moves in the order they were made.
    private let moves: [StudentID: [ClassMove]]

    public init(_ moves: [ClassMove]) {
        self.moves = Dictionary(grouping: moves, by: \.student)
    }

    /// The class `student` was in on `day`, given the class they are in now.
    public func schoolClass(of student: StudentID, now: ClassID, on day: LocalDate) -> ClassID {
        moves[student]?.first { $0.on > day }?.from ?? now
    }

    /// The members of `schoolClass` on `day`, from its members now: who has left it since is
    /// added, who has joined it since is taken out.
    public func members(of schoolClass: ClassID, now current: [StudentID], on day: LocalDate) -> [StudentID] {
        let members = Set(current).subtracting(joiners(of: schoolClass, on: day)).union(leavers(of: schoolClass, on: day).map(\.0))
        return members.sorted { $0.rawValue < $1.rawValue }
    }

    /// The students who were in `schoolClass` on `day` but are in another class now, with that class.
    public func leavers(of schoolClass: ClassID, on day: LocalDate) -> [(StudentID, now: ClassID)] {
        moves.compactMap { student, trail in
            guard let first = trail.first(where: { $0.on > day }), let last = trail.last,
                first.from == schoolClass, last.to != schoolClass else { return nil }
            return (student, last.to)
        }.sorted { $0.0.rawValue < $1.0.rawValue }
    }

    /// The students in `schoolClass` now who were not in it on `day`.
    public func joiners(of schoolClass: ClassID, on day: LocalDate) -> Set<StudentID> {
        Set(moves.compactMap { student, trail in
            guard let first = trail.first(where: { $0.on > day }), let last = trail.last,
                last.to == schoolClass, first.from != schoolClass else { return nil }
            return student
        })
    }
}
