/// A 系部 (department).
public struct Department: Hashable, Codable, Sendable {
    public let id: DepartmentID
    public let name: String

    public init(id: DepartmentID, name: String) {
        self.id = id
        self.name = name
    }
}

/// A 专业 (major), inside one department.
public struct Major: Hashable, Codable, Sendable {
    public let id: MajorID
    public let name: String
    public let department: DepartmentID

    public init(id: MajorID, name: String, department: DepartmentID) {
        self.id = id
        self.name = name
        self.department = department
    }
}

/// A course taught in classes (the 任课教师 assignment names one).
public struct Course: Hashable, Codable, Sendable {
    public let id: CourseID
    public let name: String

    public init(id: CourseID, name: String) {
        self.id = id
        self.name = name
    }
}
