package enterprise

import "parkos/internal/auth"

func (h *Handler) contactRoutes() []auth.Route { return nil }
