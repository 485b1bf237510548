package cms

import "time"

// SetClock replaces the service's clock, for tests of scheduled publication.
func SetClock(s *Service, now func() time.Time) { s.now = now }
