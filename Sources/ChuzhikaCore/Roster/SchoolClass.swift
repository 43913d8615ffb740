/// A 班级: the unit of the class card and of most assignments.
public struct SchoolClass: Hashable, Codable, Sendable {
    public let id: ClassID
    public let name: String
    public let major: MajorID
    public let cohort: Cohort

    public init(id: ClassID, name: String, major: MajorID, cohort: Cohort) {
        self.id = id
        self.name = name
        self.major = major
        self.cohort = cohort
    }
}
