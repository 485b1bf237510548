package enterprise

import "parkos/internal/auth"

func (h *Handler) qualificationRoutes() []auth.Route { return nil }
