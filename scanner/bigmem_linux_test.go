package scanner

// mapHugeWorks says mapHuge maps memory here: TestBigMem checks it does.
const mapHugeWorks = true
